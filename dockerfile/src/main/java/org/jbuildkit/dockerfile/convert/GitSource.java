package org.jbuildkit.dockerfile.convert;

import java.util.Locale;

/**
 * An ADD source that names a git repository (upstream's {@code gitutil.ParseGitRef}): {@code git@host:repo},
 * {@code git://}, {@code ssh://}, or an http(s) URL whose path ends in {@code .git}; {@code #ref:subdir} picks
 * what to check out. {@code github.com/…} without a scheme stays a local path, as upstream.
 */
record GitSource(String remote, String ref, String subdir) {

    static GitSource parse(String src) {
        String s = src;
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("./") || lower.startsWith("../") || lower.startsWith("github.com/")) {
            return null;
        }
        String fragment = "";
        int hash = s.indexOf('#');
        if (hash >= 0) {
            fragment = s.substring(hash + 1);
            s = s.substring(0, hash);
        }
        boolean git = lower.startsWith("git@") || lower.startsWith("git://") || lower.startsWith("ssh://");
        if (!git && (lower.startsWith("http://") || lower.startsWith("https://"))) {
            String path = s.replaceFirst("^[a-zA-Z]+://[^/]*", "");
            git = path.endsWith(".git");
        }
        if (!git) {
            return null;
        }
        String ref = fragment;
        String subdir = "";
        int colon = fragment.indexOf(':');
        if (colon >= 0) {
            ref = fragment.substring(0, colon);
            subdir = fragment.substring(colon + 1);
        }
        return new GitSource(s, ref, subdir);
    }
}
