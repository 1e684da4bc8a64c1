package org.jbuildkit.llb;

import java.time.Instant;
import java.util.List;

/**
 * Options of a copy action, named as in upstream's {@code CopyInfo}. A null chmod and a null modeStr keep the
 * source modes; a modeStr (a symbolic mode such as {@code u+x,go-w}, upstream's {@code ChmodOpt.ModeStr}) is
 * applied to each copied file's own mode and wins over chmod. requiredPaths (absolute, in the source) must each
 * be among the copied paths, or the copy fails.
 */
public record CopyOptions(Chown chown, Integer chmod, boolean followSymlinks, List<String> includePatterns,
        List<String> excludePatterns, boolean createDestPath, boolean allowWildcard, boolean allowEmptyWildcard,
        boolean copyDirContentsOnly, boolean attemptUnpack, boolean alwaysReplaceExistingDestPaths,
        Instant createdTime, String modeStr, List<String> requiredPaths) {

    public CopyOptions {
        includePatterns = List.copyOf(includePatterns);
        excludePatterns = List.copyOf(excludePatterns);
        requiredPaths = List.copyOf(requiredPaths);
    }

    /** The options before modeStr and requiredPaths existed, neither set. */
    public CopyOptions(Chown chown, Integer chmod, boolean followSymlinks, List<String> includePatterns,
            List<String> excludePatterns, boolean createDestPath, boolean allowWildcard, boolean allowEmptyWildcard,
            boolean copyDirContentsOnly, boolean attemptUnpack, boolean alwaysReplaceExistingDestPaths,
            Instant createdTime) {
        this(chown, chmod, followSymlinks, includePatterns, excludePatterns, createDestPath, allowWildcard,
                allowEmptyWildcard, copyDirContentsOnly, attemptUnpack, alwaysReplaceExistingDestPaths, createdTime,
                null, List.of());
    }

    public static CopyOptions defaults() {
        return new CopyOptions(null, null, false, List.of(), List.of(), false, false, false, false, false, false,
                null);
    }

    /** A symbolic mode applied to each copied file (upstream's {@code ModeStr}); replaces a numeric chmod. */
    public CopyOptions withModeStr(String mode) {
        return new CopyOptions(chown, null, followSymlinks, includePatterns, excludePatterns, createDestPath,
                allowWildcard, allowEmptyWildcard, copyDirContentsOnly, attemptUnpack, alwaysReplaceExistingDestPaths,
                createdTime, mode, requiredPaths);
    }

    /** Source paths (absolute) the copy must find, for copies whose include patterns would hide their absence. */
    public CopyOptions withRequiredPaths(List<String> paths) {
        return new CopyOptions(chown, chmod, followSymlinks, includePatterns, excludePatterns, createDestPath,
                allowWildcard, allowEmptyWildcard, copyDirContentsOnly, attemptUnpack, alwaysReplaceExistingDestPaths,
                createdTime, modeStr, paths);
    }

    /** What a Dockerfile COPY sets: follow symlinks, copy dir contents, create parents, wildcards allowed. */
    public static CopyOptions dockerfileCopy() {
        return defaults().withFollowSymlinks(true).withCopyDirContentsOnly(true).withCreateDestPath(true)
                .withAllowWildcard(true).withAllowEmptyWildcard(true);
    }

    public CopyOptions withChown(Chown c) {
        return new CopyOptions(c, chmod, followSymlinks, includePatterns, excludePatterns, createDestPath,
                allowWildcard, allowEmptyWildcard, copyDirContentsOnly, attemptUnpack,
                alwaysReplaceExistingDestPaths, createdTime, modeStr, requiredPaths);
    }

    public CopyOptions withChmod(int mode) {
        return new CopyOptions(chown, mode, followSymlinks, includePatterns, excludePatterns, createDestPath,
                allowWildcard, allowEmptyWildcard, copyDirContentsOnly, attemptUnpack,
                alwaysReplaceExistingDestPaths, createdTime, null, requiredPaths);
    }

    public CopyOptions withFollowSymlinks(boolean v) {
        return new CopyOptions(chown, chmod, v, includePatterns, excludePatterns, createDestPath, allowWildcard,
                allowEmptyWildcard, copyDirContentsOnly, attemptUnpack, alwaysReplaceExistingDestPaths,
                createdTime, modeStr, requiredPaths);
    }

    public CopyOptions withIncludePatterns(List<String> p) {
        return new CopyOptions(chown, chmod, followSymlinks, p, excludePatterns, createDestPath, allowWildcard,
                allowEmptyWildcard, copyDirContentsOnly, attemptUnpack, alwaysReplaceExistingDestPaths,
                createdTime, modeStr, requiredPaths);
    }

    public CopyOptions withExcludePatterns(List<String> p) {
        return new CopyOptions(chown, chmod, followSymlinks, includePatterns, p, createDestPath, allowWildcard,
                allowEmptyWildcard, copyDirContentsOnly, attemptUnpack, alwaysReplaceExistingDestPaths,
                createdTime, modeStr, requiredPaths);
    }

    public CopyOptions withCreateDestPath(boolean v) {
        return new CopyOptions(chown, chmod, followSymlinks, includePatterns, excludePatterns, v, allowWildcard,
                allowEmptyWildcard, copyDirContentsOnly, attemptUnpack, alwaysReplaceExistingDestPaths,
                createdTime, modeStr, requiredPaths);
    }

    public CopyOptions withAllowWildcard(boolean v) {
        return new CopyOptions(chown, chmod, followSymlinks, includePatterns, excludePatterns, createDestPath, v,
                allowEmptyWildcard, copyDirContentsOnly, attemptUnpack, alwaysReplaceExistingDestPaths,
                createdTime, modeStr, requiredPaths);
    }

    public CopyOptions withAllowEmptyWildcard(boolean v) {
        return new CopyOptions(chown, chmod, followSymlinks, includePatterns, excludePatterns, createDestPath,
                allowWildcard, v, copyDirContentsOnly, attemptUnpack, alwaysReplaceExistingDestPaths,
                createdTime, modeStr, requiredPaths);
    }

    public CopyOptions withCopyDirContentsOnly(boolean v) {
        return new CopyOptions(chown, chmod, followSymlinks, includePatterns, excludePatterns, createDestPath,
                allowWildcard, allowEmptyWildcard, v, attemptUnpack, alwaysReplaceExistingDestPaths,
                createdTime, modeStr, requiredPaths);
    }

    public CopyOptions withAttemptUnpack(boolean v) {
        return new CopyOptions(chown, chmod, followSymlinks, includePatterns, excludePatterns, createDestPath,
                allowWildcard, allowEmptyWildcard, copyDirContentsOnly, v, alwaysReplaceExistingDestPaths,
                createdTime, modeStr, requiredPaths);
    }

    public CopyOptions withAlwaysReplaceExistingDestPaths(boolean v) {
        return new CopyOptions(chown, chmod, followSymlinks, includePatterns, excludePatterns, createDestPath,
                allowWildcard, allowEmptyWildcard, copyDirContentsOnly, attemptUnpack, v,
                createdTime, modeStr, requiredPaths);
    }

    public CopyOptions withCreatedTime(Instant t) {
        return new CopyOptions(chown, chmod, followSymlinks, includePatterns, excludePatterns, createDestPath,
                allowWildcard, allowEmptyWildcard, copyDirContentsOnly, attemptUnpack,
                alwaysReplaceExistingDestPaths, t, modeStr, requiredPaths);
    }
}
