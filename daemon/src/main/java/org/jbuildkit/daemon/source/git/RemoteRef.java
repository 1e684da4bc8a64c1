package org.jbuildkit.daemon.source.git;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ref as {@code git ls-remote} reports it: its full name ({@code refs/heads/main}), the object it
 * points at, and for an annotated tag the commit that tag points at ({@code peeled}, else null).
 */
record RemoteRef(String name, String object, String peeled) {
    private static final Pattern SYMREF_HEAD = Pattern.compile("(?m)^ref: refs/heads/(\\S+)\\tHEAD$");

    /** The commit a checkout gets: the tag's commit for an annotated tag, else the object itself. */
    String commit() {
        return peeled != null ? peeled : object;
    }

    /**
     * Finds {@code ref} in the output of {@code git ls-remote <remote> <ref> <ref>^{}} with upstream's
     * preferences: an exact {@code refs/…} name first, then a branch, then a tag (git checkout prefers
     * branches too). A branch or exact match ignores a same-named annotated tag's peeled commit.
     */
    static Optional<RemoteRef> find(String lsRemoteOutput, String ref) {
        String partial = "refs/" + strip(ref, "refs/");
        String head = "refs/heads/" + strip(ref, "refs/heads/");
        String tag = "refs/tags/" + strip(ref, "refs/tags/");
        String peeledTag = tag + "^{}";
        String exact = null;
        String headSha = null;
        String tagSha = null;
        String peeledSha = null;
        for (String line : lsRemoteOutput.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab < 0) {
                continue;
            }
            String sha = line.substring(0, tab).trim();
            String name = line.substring(tab + 1).trim();
            if (name.equals(head)) {
                headSha = sha;
            }
            if (name.equals(tag)) {
                tagSha = sha;
            }
            if (name.equals(peeledTag)) {
                peeledSha = sha;
            }
            if (name.equals(partial)) {
                exact = sha;
            }
        }
        if (exact != null) {
            return Optional.of(new RemoteRef(partial, exact, partial.equals(tag) ? peeledSha : null));
        }
        if (headSha != null) {
            return Optional.of(new RemoteRef(head, headSha, null));
        }
        if (tagSha != null) {
            return Optional.of(new RemoteRef(tag, tagSha, peeledSha));
        }
        return Optional.empty();
    }

    /** The default branch from {@code git ls-remote --symref <remote> HEAD}. */
    static Optional<String> defaultBranch(String symrefOutput) {
        Matcher m = SYMREF_HEAD.matcher(symrefOutput);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static String strip(String ref, String prefix) {
        return ref.startsWith(prefix) ? ref.substring(prefix.length()) : ref;
    }
}
