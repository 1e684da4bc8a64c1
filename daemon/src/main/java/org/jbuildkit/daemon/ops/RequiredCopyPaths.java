package org.jbuildkit.daemon.ops;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jbuildkit.api.pb.FileActionCopy;

/**
 * A copy's {@code required_paths} (LLB field 16): source paths that must be among what it copies, checked before
 * anything is copied. A Dockerfile {@code COPY --parents a/b /out/} copies {@code /} with the include pattern
 * {@code a/b}, which matches nothing when {@code a/b} is missing; upstream's frontend sets the path as required so
 * that fails ({@code "/a/b": not found}) instead of copying nothing, as it does here.
 */
final class RequiredCopyPaths {
    private RequiredCopyPaths() {
    }

    static void check(Path srcRoot, FileActionCopy action, FilePatterns excludes, MissingCopySource missing)
            throws IOException {
        List<String> source = FileRootPaths.clean(FileRootPaths.components(action.getSrc()));
        for (String required : action.getRequiredPathsList()) {
            List<String> parts = FileRootPaths.clean(FileRootPaths.components(required));
            String path = "/" + String.join("/", parts);
            Path resolved = FileRootPaths.resolve(srcRoot, path, action.getFollowSymlink());
            boolean excluded = parts.size() > source.size() && parts.subList(0, source.size()).equals(source)
                    && excludes.matches(String.join("/", parts.subList(source.size(), parts.size())));
            if (!FileRootPaths.exists(resolved) || excluded) {
                throw missing.requiredNotFound(path, excluded);
            }
        }
    }
}
