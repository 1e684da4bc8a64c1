package org.jbuildkit.dockerfile.instructions;

import java.util.Optional;
import org.jbuildkit.api.GoPath;

/**
 * One RUN {@code --mount}, as written and validated (upstream's {@code instructions.Mount}). Empty strings mean
 * "not given"; {@code sharing}, {@code env}, {@code mode}, {@code uid} and {@code gid} are null when not given.
 * {@code readOnly} already has upstream's default applied (read-only for bind, secret and ssh; writable for cache
 * and tmpfs). The methods below give the values upstream's converter derives from the fields.
 *
 * @param sizeLimit tmpfs size in bytes, 0 for no limit
 * @param id        {@code id=}: the cache id, secret id or ssh id
 */
public record RunMount(MountType type, String from, String source, String target, boolean readOnly, long sizeLimit,
        String id, MountSharing sharing, boolean required, String env, Long mode, Long uid, Long gid) {

    /** Default mode of a cache directory created for uid/gid/mode. */
    public static final int CACHE_DEFAULT_MODE = 0755;
    /** Default mode of a secret file given uid/gid/mode. */
    public static final int SECRET_DEFAULT_MODE = 0400;
    /** Default mode of an ssh socket given uid/gid/mode. */
    public static final int SSH_DEFAULT_MODE = 0600;

    /** The cache's id: {@code id=}, else the target cleaned (upstream: {@code path.Clean(target)}). */
    public String cacheId() {
        return id.isEmpty() ? GoPath.clean(target) : id;
    }

    /** The cache's sharing, {@link MountSharing#SHARED} when not given. */
    public MountSharing cacheSharing() {
        return sharing == null ? MountSharing.SHARED : sharing;
    }

    /** The secret's id: {@code source=}, else {@code id=}, else the target's last element. */
    public String secretId() {
        if (!source.isEmpty()) {
            return source;
        }
        return id.isEmpty() ? base(target) : id;
    }

    /**
     * Where the secret file is mounted: the target, else {@code /run/secrets/<base of id>}; when {@code env=} is given
     * the secret is an environment variable and is mounted as a file only if a target is given.
     */
    public Optional<String> secretTarget() {
        if (!target.isEmpty()) {
            return Optional.of(target);
        }
        return env == null ? Optional.of("/run/secrets/" + base(secretId())) : Optional.empty();
    }

    /** The ssh agent's id: {@code id=}, else {@code default}. */
    public String sshId() {
        return id.isEmpty() ? "default" : id;
    }

    /** Whether uid, gid or mode was given (upstream then sets the file's owner and mode). */
    public boolean hasFileInfo() {
        return mode != null || uid != null || gid != null;
    }

    public int uidOrZero() {
        return uid == null ? 0 : uid.intValue();
    }

    public int gidOrZero() {
        return gid == null ? 0 : gid.intValue();
    }

    /** The mode given, else {@code defaultMode} (one of the {@code *_DEFAULT_MODE} constants). */
    public int modeOr(int defaultMode) {
        return mode == null ? defaultMode : mode.intValue();
    }

    /** Go's {@code path.Base}. */
    static String base(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.equals("/")) {
            return "/";
        }
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
