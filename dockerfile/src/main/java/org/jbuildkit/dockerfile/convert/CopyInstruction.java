package org.jbuildkit.dockerfile.convert;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jbuildkit.api.GoPath;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.instructions.Chmod;
import org.jbuildkit.dockerfile.instructions.ChownSpec;
import org.jbuildkit.dockerfile.instructions.CopyFlags;
import org.jbuildkit.dockerfile.instructions.InstructionFlagException;
import org.jbuildkit.dockerfile.parser.Heredoc;
import org.jbuildkit.dockerfile.parser.Node;
import org.jbuildkit.llb.Chown;
import org.jbuildkit.llb.CopyOptions;
import org.jbuildkit.llb.FileAction;
import org.jbuildkit.llb.FileActions;
import org.jbuildkit.llb.HttpOptions;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.OpConstraints;
import org.jbuildkit.llb.State;

/**
 * {@code COPY} and {@code ADD} (upstream's {@code dispatchCopy}): sources from the context, a stage, an image or a
 * named context, here-documents, and for ADD URLs ({@code --checksum}), git repositories and local archives.
 */
final class CopyInstruction {

    private final ConversionContext ctx;

    CopyInstruction(ConversionContext ctx) {
        this.ctx = ctx;
    }

    static CopyFlags flags(Node n, boolean add, ConversionContext ctx) throws DockerfileException {
        try {
            return add ? CopyFlags.parseAdd(n.flags()) : CopyFlags.parseCopy(n.flags());
        } catch (InstructionFlagException e) {
            throw ctx.errors.at(n, e.getMessage(), e);
        }
    }

    void dispatch(StageState d, StageState.Command cmd, boolean add) throws DockerfileException {
        Node n = cmd.node();
        CopyFlags flags = flags(n, add, ctx);
        Map<String, String> env = ConversionContext.env(d.state);
        Words words = Words.forStage(ctx, d);
        if (n.args().size() < 2) {
            throw ctx.errors.at(n, (add ? "ADD" : "COPY") + " requires at least two arguments: "
                    + (add ? "ADD" : "COPY") + " <source>... <destination>");
        }
        String chown = words.word(flags.chown(), env, n);
        String chmod = words.word(flags.chmod(), env, n);
        String checksum = add ? words.word(flags.checksum(), env, n) : "";
        List<String> excludes = new ArrayList<>();
        for (String e : flags.excludes()) {
            excludes.add(words.word(e, env, n));
        }
        List<String> rawArgs = n.args();
        String dest = words.word(rawArgs.get(rawArgs.size() - 1), env, n);
        List<String> sources = new ArrayList<>();
        List<Heredoc> contents = new ArrayList<>();
        for (String raw : rawArgs.subList(0, rawArgs.size() - 1)) {
            Heredoc h = heredoc(raw, n);
            if (h != null) {
                contents.add(h.expand() ? new Heredoc(h.name(), expandHeredoc(h.content(), env, n), true, h.chomp())
                        : h);
            } else {
                sources.add(words.word(raw, env, n));
            }
        }
        String destPath = Paths.isAbs(dest) ? dest : GoPath.clean(d.state.dir() + "/" + dest);
        String destination = GoPath.clean("/" + destPath);
        if (dest.equals(".") || dest.isEmpty() || dest.endsWith("/")) {
            destination += destination.endsWith("/") ? "" : "/";
        }
        Optional<Chmod> mode = mode(chmod, n);
        Chown owner = CopyFlags.chownSpec(chown).map(ChownSpec::toChown).orElse(null);
        try {
            CopyFlags.checkChecksum(checksum, sources, sources.size() == 1 && (isHttp(sources.get(0))
                    || GitSource.parse(sources.get(0)) != null));
        } catch (InstructionFlagException e) {
            throw ctx.errors.at(n, e.getMessage(), e);
        }
        StringBuilder history = new StringBuilder(add ? "ADD" : "COPY");
        FileAction a = null;
        State source = cmd.sources().isEmpty() ? ctx.buildContext : cmd.sources().get(0).state;
        for (String src : sources) {
            history.append(' ').append(src);
            GitSource git = add ? GitSource.parse(src) : null;
            if (!add && GitSource.parse(src) != null) {
                throw ctx.errors.at(n, "source can't be a git ref for COPY (use ADD " + src + " " + dest + ")");
            }
            if (git != null && !checksum.isEmpty()) {
                throw ctx.errors.at(n, "ADD --checksum with a git source is not supported yet: pin the commit in "
                        + "the URL instead (" + git.remote() + "#<commit>)");
            }
            if (git != null) {
                State repo = Llb.git(git.remote(), git.ref(), Boolean.TRUE.equals(flags.keepGitDir()), git.subdir(),
                        OpConstraints.none());
                a = chain(a, repo, "/", destination, base(mode, owner));
            } else if (isHttp(src)) {
                if (!add) {
                    throw ctx.errors.at(n, "source can't be a URL for COPY (use ADD " + src + " " + dest + ")");
                }
                String f = httpFilename(src);
                HttpOptions ho = HttpOptions.defaults().withFilename(f)
                        .withConstraints(OpConstraints.none().withDescription(Map.of(ConversionContext.DF_CMD, "")));
                if (!checksum.isEmpty()) {
                    ho = ho.withChecksum(checksum);
                }
                a = chain(a, Llb.http(src, ho), f, destination, base(mode, owner));
            } else {
                if (src.startsWith("../") || src.equals("..") || src.contains("/../")) {
                    ctx.checks.report(BuildChecks.Rule.COPY_OUTSIDE_CONTEXT, "Source \"" + src + "\" of "
                            + (add ? "ADD" : "COPY") + " points outside the build context; it is read as \""
                            + GoPath.clean("/" + src) + "\" inside the context", n.range());
                }
                boolean unpack = add && (flags.unpack() == null || flags.unpack());
                CopyOptions o = CopyOptions.dockerfileCopy().withAttemptUnpack(unpack)
                        .withExcludePatterns(excludes);
                o = withMode(o, mode);
                if (owner != null) {
                    o = o.withChown(owner);
                }
                String from = src;
                if (flags.parents()) {
                    // --parents keeps the source's directories: copy from the pivot ("a/./b/c" pivots at a) with
                    // the rest as an include pattern, as newer upstream does.
                    int pivot = src.indexOf("/./");
                    String pattern = pivot < 0 ? src : src.substring(pivot + 3);
                    from = pivot < 0 ? "/" : src.substring(0, pivot);
                    o = o.withIncludePatterns(List.of(GoPath.clean("/" + pattern).substring(1)));
                    // Without wildcards the path must exist: an include pattern matching nothing would copy nothing.
                    if (!containsWildcards(from) && !containsWildcards(pattern)) {
                        o = o.withRequiredPaths(List.of(GoPath.clean("/" + from + "/" + pattern)));
                    }
                }
                a = chain(a, source, GoPath.clean("/" + from), destination, o);
                if (cmd.sources().isEmpty()) {
                    d.contextPaths.add(GoPath.clean("/" + src));
                }
            }
        }
        for (Heredoc h : contents) {
            history.append(" <<").append(h.name());
            State doc = Llb.scratch().file(FileActions.mkfile(h.name(), 0664,
                    h.content().getBytes(StandardCharsets.UTF_8)),
                    OpConstraints.customName("[internal] preparing inline document"));
            a = chain(a, doc, h.name(), destination, base(mode, owner));
        }
        history.append(' ').append(rawArgs.isEmpty() ? "" : dest);
        if (a == null) {
            throw ctx.errors.at(n, (add ? "ADD" : "COPY") + " has no source to copy");
        }
        String name = StepNames.uppercaseKeyword(plainDisplay(n.original(), env));
        OpConstraints c = ctx.constraints(d, n);
        String stepName = StepNames.prefix(d, name);
        if (flags.link() && chmod.isEmpty()) {
            // As upstream: the copy goes into its own layer (only its progress group set, upstream copies the
            // other options into a nil slice) that a merge op, named "[n/m] LINK COPY …", lays over the stage.
            String group = "copy-link-" + d.displayName + "-" + d.cmdIndex;
            d.cmdIndex--;
            String groupName = StepNames.prefix(d, name);
            d.cmdIndex--;
            State layer = Llb.scratch().file(a, OpConstraints.none().withProgressGroup(group, groupName, true));
            d.state = Llb.merge(List.of(d.state, layer), OpConstraints.none()
                    .withProgressGroup(group, groupName, false)
                    .withCustomName(StepNames.prefix(d, "LINK " + name)));
        } else {
            d.state = d.state.file(a, c.withCustomName(stepName));
        }
        d.image.commitToHistory(history + " # buildkit", true);
        if (add) {
            for (String src : sources) {
                if (!isHttp(src)) {
                    d.contextPaths.add(GoPath.clean("/" + src));
                }
            }
        }
    }

    /** The {@code --chmod}, octal or symbolic (upstream's {@code ChmodOpt.Mode} or {@code ModeStr}). */
    private Optional<Chmod> mode(String chmod, Node n) throws DockerfileException {
        try {
            return CopyFlags.chmodSpec(chmod);
        } catch (InstructionFlagException e) {
            throw ctx.errors.at(n, e.getMessage(), e);
        }
    }

    private static CopyOptions withMode(CopyOptions o, Optional<Chmod> mode) {
        if (mode.isEmpty()) {
            return o;
        }
        if (mode.get() instanceof Chmod.Octal octal) {
            return o.withChmod(octal.mode());
        }
        return o.withModeStr(((Chmod.Symbolic) mode.get()).spec());
    }

    private String expandHeredoc(String content, Map<String, String> env, Node n) throws DockerfileException {
        try {
            return new org.jbuildkit.dockerfile.shell.ShellLex('\\').withSkipProcessQuotes()
                    .processWord(content, env).result();
        } catch (org.jbuildkit.dockerfile.shell.ShellLex.ShellSyntaxException e) {
            throw ctx.errors.at(n, e.getMessage() + " in a here-document", e);
        }
    }

    private String plainDisplay(String original, Map<String, String> env) {
        try {
            return ctx.lex.processWord(original, env).result();
        } catch (Exception e) {
            return original;
        }
    }

    private static CopyOptions base(Optional<Chmod> mode, Chown owner) {
        CopyOptions o = withMode(CopyOptions.defaults().withCreateDestPath(true), mode);
        return owner == null ? o : o.withChown(owner);
    }

    private static FileAction chain(FileAction a, State from, String src, String dest, CopyOptions o) {
        return a == null ? FileActions.copy(from, src, dest, o) : a.copy(from, src, dest, o);
    }

    private static Heredoc heredoc(String word, Node n) {
        java.util.Optional<Heredoc> opening = Heredoc.parseWord(word);
        if (opening.isEmpty()) {
            return null;
        }
        for (Heredoc h : n.heredocs()) {
            if (h.name().equals(opening.get().name())) {
                return h;
            }
        }
        return null;
    }

    /** Whether a path has a glob character not escaped by a backslash, as upstream's {@code containsWildcards}. */
    static boolean containsWildcards(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '*' || c == '?' || c == '[') {
                return true;
            }
            if (c == '\\') {
                i++;
            }
        }
        return false;
    }

    static boolean isHttp(String src) {
        String s = src.toLowerCase(Locale.ROOT);
        return s.startsWith("http://") || s.startsWith("https://");
    }

    private static String httpFilename(String src) {
        try {
            String p = URI.create(src).getPath();
            if (p != null && !p.isEmpty()) {
                String b = p.endsWith("/") ? "" : p.substring(p.lastIndexOf('/') + 1);
                if (!b.isEmpty() && !b.equals(".")) {
                    return b;
                }
            }
        } catch (IllegalArgumentException e) {
            return "__unnamed__";
        }
        return "__unnamed__";
    }

    /** Path helpers as Go's {@code path} package. */
    private static final class Paths {
        static boolean isAbs(String p) {
            return p.startsWith("/");
        }
    }
}
