package org.jbuildkit.daemon.source.git;

/**
 * What a git source's ref named when the cache key was computed: the full ref name ({@code
 * refs/heads/main}; the SHA itself for a commit ref), the object it pointed at (a tag object for an
 * annotated tag) and the commit to check out.
 */
record ResolvedCommit(String refName, String object, String commit) {

    boolean byCommit() {
        return GitIdentifier.isCommitSha(refName);
    }

    /** SHA-256 repositories have 64-character object names. */
    boolean sha256() {
        return object.length() == 64;
    }
}
