package org.jbuildkit.daemon.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Why a COPY found nothing at its source path, in the user's terms: the path climbs out of the build
 * context, the context's ignore rules (its {@code .dockerignore}) excluded it, or it does not exist —
 * naming the local directory rather than an internal snapshot.
 */
record MissingCopySource(Optional<LocalContexts.LocalContext> context) {

    static final MissingCopySource UNKNOWN = new MissingCopySource(Optional.empty());

    /**
     * The error when {@code source} climbs out of a local context through {@code ..}, else empty (other
     * sources clamp {@code ..} at their root, as upstream).
     */
    Optional<FileOpException> outside(String source) {
        if (context.isEmpty()) {
            return Optional.empty();
        }
        String name = context.get().name();
        int depth = 0;
        for (String part : source.split("/")) {
            if (part.equals("..")) {
                if (--depth < 0) {
                    return Optional.of(new FileOpException("copy " + source + ": the path lies outside the build"
                            + " context \"" + name + "\" (a COPY can only read files inside the directory given to"
                            + " --local " + name + "=DIR)", "move the file into it, or pass a wider directory"));
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
        }
        return Optional.empty();
    }

    /** The error for a source path that is not there. */
    FileOpException notFound(String source) throws FileOpException {
        if (context.isEmpty()) {
            return new FileOpException("copy " + source + ": not found in the source", "check the path");
        }
        LocalContexts.LocalContext c = context.get();
        String rel = String.join("/", FileRootPaths.clean(FileRootPaths.components(source)));
        Optional<String> excluding = excludingPattern(c.excludePatterns(), rel);
        if (excluding.isPresent()) {
            return new FileOpException("copy " + source + ": \"" + rel + "\" is excluded from the build context \""
                    + c.name() + "\" by its ignore rules (pattern \"" + excluding.get() + "\", e.g. in .dockerignore),"
                    + " so the client never sent it", "remove or narrow that pattern, or add \"!" + rel + "\" after it");
        }
        if (!c.includePatterns().isEmpty() && !FilePatterns.compile(c.includePatterns()).matches(rel)) {
            return new FileOpException("copy " + source + ": \"" + rel + "\" is not among the paths the build asked"
                    + " the client for in context \"" + c.name() + "\" (include patterns " + c.includePatterns() + ")",
                    "add it to the source's include patterns");
        }
        return new FileOpException("copy " + source + ": \"" + rel + "\" does not exist in the build context \""
                + c.name() + "\" (the directory given to --local " + c.name() + "=DIR)", "check the path and its case");
    }

    /**
     * The error for a required path of the copy (upstream's {@code required_paths}, a {@code COPY --parents}
     * source without wildcards) that is not there, or that the copy's own exclude patterns leave out.
     */
    FileOpException requiredNotFound(String path, boolean excludedByCopy) throws FileOpException {
        if (excludedByCopy) {
            return new FileOpException("copy " + path + ": \"" + path + "\": not found (the copy's own --exclude"
                    + " patterns leave out this required path)", "narrow the --exclude patterns or copy another path");
        }
        if (context.isPresent()) {
            return notFound(path);
        }
        return new FileOpException("copy " + path + ": \"" + path + "\": not found in the source (a path the copy"
                + " requires, as COPY --parents without wildcards does)", "check the path and its case, or write it"
                + " as a wildcard (e.g. " + path + "*) to make it optional");
    }

    /** The last exclude pattern that leaves {@code rel} (or a parent of it) excluded, if any does. */
    private static Optional<String> excludingPattern(List<String> patterns, String rel) throws FileOpException {
        if (patterns.isEmpty() || !FilePatterns.compile(patterns).matches(rel)) {
            return Optional.empty();
        }
        List<String> plain = new ArrayList<>();
        for (String p : patterns) {
            if (!p.trim().startsWith("!")) {
                plain.add(p);
            }
        }
        for (int i = plain.size() - 1; i >= 0; i--) {
            if (FilePatterns.compile(List.of(plain.get(i))).matches(rel)) {
                return Optional.of(plain.get(i).trim());
            }
        }
        return Optional.of(patterns.get(patterns.size() - 1));
    }
}
