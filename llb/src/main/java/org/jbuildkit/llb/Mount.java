package org.jbuildkit.llb;

import java.util.Objects;

/**
 * An extra mount of an exec: a bind of another state, a persistent cache dir, a tmpfs, a secret file or an SSH
 * agent socket. Records are immutable; the {@code with…} methods return adjusted copies.
 */
public sealed interface Mount permits Mount.Bind, Mount.Cache, Mount.Tmpfs, Mount.Secret, Mount.Ssh {

    String target();

    static Bind bind(String target, State source) {
        return new Bind(target, source, false, "", false);
    }

    static Cache cache(String target, String id, CacheSharing sharing) {
        return new Cache(target, id, sharing, null, "");
    }

    static Tmpfs tmpfs(String target) {
        return new Tmpfs(target, 0);
    }

    static Secret secret(String target, String id) {
        return new Secret(target, id, 0, 0, 0400, false);
    }

    /** An SSH agent socket; a null target means upstream's default {@code /run/buildkit/ssh_agent.<n>}. */
    static Ssh ssh(String id) {
        return new Ssh(null, id, 0, 0, 0600, false);
    }

    /** A state mounted at {@code target}; writable mounts become outputs of the exec unless {@code noOutput}. */
    record Bind(String target, State source, boolean readonly, String selector, boolean noOutput) implements Mount {
        public Bind {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(selector, "selector");
        }

        public Bind readOnly() {
            return new Bind(target, source, true, selector, noOutput);
        }

        /** Mounts only {@code path} of the source. */
        public Bind withSelector(String path) {
            return new Bind(target, source, readonly, path, noOutput);
        }

        public Bind withoutOutput() {
            return new Bind(target, source, readonly, selector, true);
        }
    }

    /**
     * A cache dir kept by the worker across builds under {@code id}, optionally seeded from {@code source} (only
     * its {@code selector} path when one is given).
     */
    record Cache(String target, String id, CacheSharing sharing, State source, String selector) implements Mount {
        public Cache {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(sharing, "sharing");
            selector = selector == null ? "" : selector;
        }

        public Cache withSource(State s) {
            return new Cache(target, id, sharing, s, selector);
        }

        public Cache withSelector(String path) {
            return new Cache(target, id, sharing, source, path);
        }
    }

    /** An in-memory filesystem; {@code size} in bytes, 0 for the runtime's default. */
    record Tmpfs(String target, long size) implements Mount {
        public Tmpfs withSize(long bytes) {
            return new Tmpfs(target, bytes);
        }
    }

    /** A secret from the client's session, mounted as a file. */
    record Secret(String target, String id, int uid, int gid, int mode, boolean optional) implements Mount {
        public Secret withOwner(int newUid, int newGid) {
            return new Secret(target, id, newUid, newGid, mode, optional);
        }

        public Secret withMode(int newMode) {
            return new Secret(target, id, uid, gid, newMode, optional);
        }

        public Secret asOptional() {
            return new Secret(target, id, uid, gid, mode, true);
        }
    }

    /** An SSH agent forwarded from the client's session. */
    record Ssh(String target, String id, int uid, int gid, int mode, boolean optional) implements Mount {
        public Ssh withTarget(String path) {
            return new Ssh(path, id, uid, gid, mode, optional);
        }

        public Ssh withOwner(int newUid, int newGid) {
            return new Ssh(target, id, newUid, newGid, mode, optional);
        }

        public Ssh withMode(int newMode) {
            return new Ssh(target, id, uid, gid, newMode, optional);
        }

        public Ssh asOptional() {
            return new Ssh(target, id, uid, gid, mode, true);
        }
    }
}
