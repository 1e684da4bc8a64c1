package org.jbuildkit.llb;

import java.time.Instant;
import java.util.List;

/** Options of a copy action, named as in upstream's {@code CopyInfo}. A null chmod keeps the source modes. */
public record CopyOptions(Chown chown, Integer chmod, boolean followSymlinks, List<String> includePatterns,
        List<String> excludePatterns, boolean createDestPath, boolean allowWildcard, boolean allowEmptyWildcard,
        boolean copyDirContentsOnly, boolean attemptUnpack, boolean alwaysReplaceExistingDestPaths,
        Instant createdTime) {

    public CopyOptions {
        includePatterns = List.copyOf(includePatterns);
        excludePatterns = List.copyOf(excludePatterns);
    }

    public static CopyOptions defaults() {
        return new CopyOptions(null, null, false, List.of(), List.of(), false, false, false, false, false, false,
                null);
    }

    /** What a Dockerfile COPY sets: follow symlinks, copy dir contents, create parents, wildcards allowed. */
    public static CopyOptions dockerfileCopy() {
        return defaults().withFollowSymlinks(true).withCopyDirContentsOnly(true).withCreateDestPath(true)
                .withAllowWildcard(true).withAllowEmptyWildcard(true);
    }

    public CopyOptions withChown(Chown c) {
        return new CopyOptions(c, chmod, followSymlinks, includePatterns, excludePatterns, createDestPath,
                allowWildcard, allowEmptyWildcard, copyDirContentsOnly, attemptUnpack,
                alwaysReplaceExistingDestPaths, createdTime);
    }

    public CopyOptions withChmod(int mode) {
        return new CopyOptions(chown, mode, followSymlinks, includePatterns, excludePatterns, createDestPath,
                allowWildcard, allowEmptyWildcard, copyDirContentsOnly, attemptUnpack,
                alwaysReplaceExistingDestPaths, createdTime);
    }

    public CopyOptions withFollowSymlinks(boolean v) {
        return new CopyOptions(chown, chmod, v, includePatterns, excludePatterns, createDestPath, allowWildcard,
                allowEmptyWildcard, copyDirContentsOnly, attemptUnpack, alwaysReplaceExistingDestPaths, createdTime);
    }

    public CopyOptions withIncludePatterns(List<String> p) {
        return new CopyOptions(chown, chmod, followSymlinks, p, excludePatterns, createDestPath, allowWildcard,
                allowEmptyWildcard, copyDirContentsOnly, attemptUnpack, alwaysReplaceExistingDestPaths, createdTime);
    }

    public CopyOptions withExcludePatterns(List<String> p) {
        return new CopyOptions(chown, chmod, followSymlinks, includePatterns, p, createDestPath, allowWildcard,
                allowEmptyWildcard, copyDirContentsOnly, attemptUnpack, alwaysReplaceExistingDestPaths, createdTime);
    }

    public CopyOptions withCreateDestPath(boolean v) {
        return new CopyOptions(chown, chmod, followSymlinks, includePatterns, excludePatterns, v, allowWildcard,
                allowEmptyWildcard, copyDirContentsOnly, attemptUnpack, alwaysReplaceExistingDestPaths, createdTime);
    }

    public CopyOptions withAllowWildcard(boolean v) {
        return new CopyOptions(chown, chmod, followSymlinks, includePatterns, excludePatterns, createDestPath, v,
                allowEmptyWildcard, copyDirContentsOnly, attemptUnpack, alwaysReplaceExistingDestPaths, createdTime);
    }

    public CopyOptions withAllowEmptyWildcard(boolean v) {
        return new CopyOptions(chown, chmod, followSymlinks, includePatterns, excludePatterns, createDestPath,
                allowWildcard, v, copyDirContentsOnly, attemptUnpack, alwaysReplaceExistingDestPaths, createdTime);
    }

    public CopyOptions withCopyDirContentsOnly(boolean v) {
        return new CopyOptions(chown, chmod, followSymlinks, includePatterns, excludePatterns, createDestPath,
                allowWildcard, allowEmptyWildcard, v, attemptUnpack, alwaysReplaceExistingDestPaths, createdTime);
    }

    public CopyOptions withAttemptUnpack(boolean v) {
        return new CopyOptions(chown, chmod, followSymlinks, includePatterns, excludePatterns, createDestPath,
                allowWildcard, allowEmptyWildcard, copyDirContentsOnly, v, alwaysReplaceExistingDestPaths,
                createdTime);
    }

    public CopyOptions withAlwaysReplaceExistingDestPaths(boolean v) {
        return new CopyOptions(chown, chmod, followSymlinks, includePatterns, excludePatterns, createDestPath,
                allowWildcard, allowEmptyWildcard, copyDirContentsOnly, attemptUnpack, v, createdTime);
    }

    public CopyOptions withCreatedTime(Instant t) {
        return new CopyOptions(chown, chmod, followSymlinks, includePatterns, excludePatterns, createDestPath,
                allowWildcard, allowEmptyWildcard, copyDirContentsOnly, attemptUnpack,
                alwaysReplaceExistingDestPaths, t);
    }
}
