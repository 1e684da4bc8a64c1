package org.jbuildkit.daemon.source.git;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code git://} source as upstream reads it: the identifier {@code git://host/path#ref:subdir} names
 * ref and subdir; the remote is {@code git.fullurl} when given (https assumed without a scheme), else
 * {@code https://host/path}. {@code ref} is empty for the remote's default branch, {@code subdir} empty
 * for the whole tree, {@code checksum} empty unless {@code git.checksum} pins a commit (prefix).
 */
public record GitIdentifier(String remote, String ref, String subdir, boolean keepGitDir, String checksum,
        String knownSshHosts, boolean skipSubmodules) {
    static final String SCHEME = "git://";

    private static final Pattern SCP_LIKE = Pattern.compile("^[\\w.-]+@[\\w.-]+:.*");
    private static final Pattern SCHEME_PREFIX = Pattern.compile("^([a-zA-Z0-9]+)://.*", Pattern.DOTALL);
    private static final Set<String> TRANSPORTS = Set.of("http", "https", "git", "ssh");
    private static final Pattern HEX = Pattern.compile("^[0-9a-fA-F]+$");
    /** Attrs whose meaning this daemon does not implement; ignoring them would build something else. */
    private static final Map<String, String> UNSUPPORTED = Map.of(
            "git.mountsshsock", "forwarding the client's SSH agent",
            "git.bundle", "fetching from a git bundle",
            "git.checkoutbundle", "checking out as a git bundle",
            "git.fetchbycommit", "fetching by commit",
            "git.sig.pubkey", "verifying commit signatures");

    /** Reads a source op's identifier and attrs; fails with the attr or part that is wrong. */
    public static GitIdentifier parse(String identifier, Map<String, String> attrs) {
        if (!identifier.startsWith(SCHEME)) {
            throw new IllegalArgumentException("not a git source: " + identifier);
        }
        String rest = identifier.substring(SCHEME.length());
        String fragment = "";
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            fragment = rest.substring(hash + 1);
            rest = rest.substring(0, hash);
        }
        int colon = fragment.indexOf(':');
        String ref = colon >= 0 ? fragment.substring(0, colon) : fragment;
        String subdir = cleanSubdir(colon >= 0 ? fragment.substring(colon + 1) : "");
        String remote = attrs.getOrDefault("git.fullurl", "");
        remote = remote.isEmpty() ? "https://" + rest : withTransport(remote);
        for (Map.Entry<String, String> unsupported : UNSUPPORTED.entrySet()) {
            if (attrs.containsKey(unsupported.getKey())) {
                throw new GitSourceException("git source " + identifier + " asks for " + unsupported.getValue() + " ("
                        + unsupported.getKey() + "), which this daemon does not support yet",
                        "drop that option from the build, or build it with upstream BuildKit");
            }
        }
        String mtime = attrs.getOrDefault("git.mtime", "");
        if (!mtime.isEmpty() && !mtime.equals("checkout")) {
            throw new GitSourceException("git source " + identifier + " asks for git.mtime=" + mtime
                    + "; this daemon only sets checkout times", "drop git.mtime from the build");
        }
        if (ref.startsWith("-")) {
            throw new GitSourceException("git source " + identifier + " names the ref '" + ref
                    + "', which starts with '-'", "name a branch, tag or commit");
        }
        String checksum = attrs.getOrDefault("git.checksum", "");
        if (!checksum.isEmpty() && !HEX.matcher(checksum).matches()) {
            throw new GitSourceException("git.checksum '" + checksum + "' of " + identifier + " is not a hex commit"
                    + " hash", "give the commit's SHA (or a prefix of it)");
        }
        return new GitIdentifier(remote, ref, subdir, "true".equals(attrs.get("git.keepgitdir")),
                checksum.toLowerCase(Locale.ROOT), attrs.getOrDefault("git.knownsshhosts", ""),
                "true".equals(attrs.get("git.skipsubmodules")));
    }

    /** Whether {@code ref} is a full commit hash (SHA-1 or SHA-256), which needs no ls-remote. */
    public static boolean isCommitSha(String ref) {
        return (ref.length() == 40 || ref.length() == 64) && HEX.matcher(ref).matches();
    }

    /** The remote with any password replaced, for messages and descriptions. */
    public String redactedRemote() {
        return GitUrls.redact(remote);
    }

    private static String withTransport(String url) {
        var scheme = SCHEME_PREFIX.matcher(url);
        if (scheme.matches()) {
            String name = scheme.group(1).toLowerCase(Locale.ROOT);
            if (name.equals("file")) {
                // A build client must not read repositories on the daemon's own machine through a source.
                throw new GitSourceException("git remote " + GitUrls.redact(url) + " is a path on the daemon's"
                        + " machine, which builds may not read", "serve the repository over https://, git:// or"
                        + " ssh:// (e.g. `git daemon --export-all --base-path=DIR`), or copy it into the build context");
            }
            if (!TRANSPORTS.contains(name)) {
                throw new GitSourceException("git remote " + GitUrls.redact(url) + " uses " + name
                        + "://, which git sources cannot fetch from",
                        "use an https://, http://, git://, ssh:// or user@host:path remote");
            }
            return url;
        }
        return SCP_LIKE.matcher(url).matches() ? url : "https://" + url;
    }

    /** As upstream: joined onto "/" (so ".." cannot climb out), without the leading slash; "" for the root. */
    private static String cleanSubdir(String raw) {
        StringBuilder out = new StringBuilder();
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String part : raw.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        for (String part : parts) {
            out.append(out.length() == 0 ? "" : "/").append(part);
        }
        return out.toString();
    }
}
