package org.jbuildkit.llb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Entry points of the builder: the sources a graph starts from, and merge/diff of states. */
public final class Llb {

    private Llb() {
    }

    /** An empty filesystem. */
    public static State scratch() {
        return State.of(null, null);
    }

    public static State image(String ref) {
        return image(ref, ImageOptions.defaults());
    }

    /** An image from a registry; {@code ref} is normalized like Docker does ({@code busybox} → {@code docker.io/library/busybox:latest}). */
    public static State image(String ref, ImageOptions options) {
        OpConstraints c = options.constraints().withCap(Caps.SOURCE_IMAGE);
        if (options.platform() != null) {
            c = c.withPlatform(options.platform());
        }
        Map<String, String> attrs = new TreeMap<>();
        if (options.resolveMode().attr() != null) {
            attrs.put("image.resolvemode", options.resolveMode().attr());
            if (options.resolveMode() == ImageOptions.ResolveMode.PULL) {
                c = c.withCap(Caps.SOURCE_IMAGE_RESOLVE_MODE);
            }
        }
        if (options.recordType() != null && !options.recordType().isEmpty()) {
            attrs.put("image.recordtype", options.recordType());
        }
        SourceVertex src = new SourceVertex("docker-image://" + ImageReferences.normalize(ref), attrs, c);
        return State.of(Output.of(src), c.platformOrNull());
    }

    public static State local(String name) {
        return local(name, LocalOptions.defaults());
    }

    /** A directory the client's session serves under {@code name} (e.g. {@code context}). */
    public static State local(String name, LocalOptions o) {
        OpConstraints c = o.constraints();
        Map<String, String> attrs = new TreeMap<>();
        if (o.sessionId() != null && !o.sessionId().isEmpty()) {
            attrs.put(SourceVertex.LOCAL_SESSION, o.sessionId());
            c = c.withCap(Caps.SOURCE_LOCAL_SESSION_ID);
        }
        if (!o.includePatterns().isEmpty()) {
            attrs.put("local.includepattern", GoJson.stringArray(o.includePatterns()));
            c = c.withCap(Caps.SOURCE_LOCAL_INCLUDE_PATTERNS);
        }
        if (!o.followPaths().isEmpty()) {
            attrs.put("local.followpaths", GoJson.stringArray(o.followPaths()));
            c = c.withCap(Caps.SOURCE_LOCAL_FOLLOW_PATHS);
        }
        if (!o.excludePatterns().isEmpty()) {
            attrs.put("local.excludepatterns", GoJson.stringArray(o.excludePatterns()));
            c = c.withCap(Caps.SOURCE_LOCAL_EXCLUDE_PATTERNS);
        }
        if (o.sharedKeyHint() != null && !o.sharedKeyHint().isEmpty()) {
            attrs.put("local.sharedkeyhint", o.sharedKeyHint());
            c = c.withCap(Caps.SOURCE_LOCAL_SHARED_KEY_HINT);
        }
        if (o.differ() != null) {
            attrs.put("local.differ", o.differ().attr());
            if (o.differRequired()) {
                c = c.withCap(Caps.SOURCE_LOCAL_DIFFER);
            }
        }
        c = c.withCap(Caps.SOURCE_LOCAL);
        return State.of(Output.of(new SourceVertex("local://" + name, attrs, c)), null);
    }

    public static State git(String url, String ref) {
        return git(url, ref, false, "", OpConstraints.none());
    }

    /** A git repository checked out at {@code ref} (branch, tag or commit), optionally only {@code subdir}. */
    public static State git(String url, String ref, boolean keepGitDir, String subdir, OpConstraints constraints) {
        GitUrl remote = GitUrl.parse(url);
        String cleanSubdir = Paths.join("/", subdir == null ? "" : subdir).substring(1);
        String id = remote.host() == null ? remote.url() : remote.host() + Paths.join("/", remote.path());
        if (!ref.isEmpty() || !cleanSubdir.isEmpty()) {
            id += "#" + ref;
            if (!cleanSubdir.isEmpty()) {
                id += ":" + cleanSubdir;
            }
        }
        OpConstraints c = constraints;
        Map<String, String> attrs = new TreeMap<>();
        if (keepGitDir) {
            attrs.put("git.keepgitdir", "true");
            c = c.withCap(Caps.SOURCE_GIT_KEEP_DIR);
        }
        attrs.put("git.fullurl", remote.url());
        c = c.withCap(Caps.SOURCE_GIT_FULL_URL);
        attrs.put("git.authtokensecret", "GIT_AUTH_TOKEN");
        attrs.put("git.authheadersecret", "GIT_AUTH_HEADER");
        c = c.withCap(Caps.SOURCE_GIT);
        return State.of(Output.of(new SourceVertex("git://" + id, attrs, c)), null);
    }

    public static State http(String url) {
        return http(url, HttpOptions.defaults());
    }

    /** A single file downloaded over HTTP(S). */
    public static State http(String url, HttpOptions o) {
        OpConstraints c = o.constraints();
        Map<String, String> attrs = new TreeMap<>();
        if (o.checksum() != null && !o.checksum().isEmpty()) {
            attrs.put("http.checksum", o.checksum());
            c = c.withCap(Caps.SOURCE_HTTP_CHECKSUM);
        }
        if (o.filename() != null && !o.filename().isEmpty()) {
            attrs.put("http.filename", o.filename());
        }
        if (o.chmod() != 0) {
            attrs.put("http.perm", "0" + Integer.toOctalString(o.chmod()));
            c = c.withCap(Caps.SOURCE_HTTP_PERM);
        }
        if (o.uid() != 0) {
            attrs.put("http.uid", Integer.toString(o.uid()));
            c = c.withCap(Caps.SOURCE_HTTP_UID_GID);
        }
        if (o.gid() != 0) {
            attrs.put("http.gid", Integer.toString(o.gid()));
            c = c.withCap(Caps.SOURCE_HTTP_UID_GID);
        }
        c = c.withCap(Caps.SOURCE_HTTP);
        return State.of(Output.of(new SourceVertex(url, attrs, c)), null);
    }

    /** Layers the inputs over each other; scratch inputs are dropped and a single input is returned as is. */
    public static State merge(List<State> inputs, OpConstraints constraints) {
        List<State> nonEmpty = new ArrayList<>();
        for (State s : inputs) {
            if (!s.isScratch()) {
                nonEmpty.add(s);
            }
        }
        if (nonEmpty.isEmpty()) {
            return scratch();
        }
        if (nonEmpty.size() == 1) {
            return nonEmpty.get(0);
        }
        MergeVertex m = new MergeVertex(nonEmpty, constraints.withCap(Caps.MERGE_OP));
        return nonEmpty.get(0).withOutput(Output.of(m), constraints.platformOrNull());
    }

    public static State merge(State... inputs) {
        return merge(List.of(inputs), OpConstraints.none());
    }

    /** The changes that turn {@code lower} into {@code upper}, as a state of its own. */
    public static State diff(State lower, State upper, OpConstraints constraints) {
        if (lower.isScratch()) {
            return upper.isScratch() ? scratch() : upper;
        }
        DiffVertex d = new DiffVertex(lower, upper, constraints.withCap(Caps.DIFF_OP));
        return lower.withOutput(Output.of(d), constraints.platformOrNull());
    }

    public static State diff(State lower, State upper) {
        return diff(lower, upper, OpConstraints.none());
    }
}
