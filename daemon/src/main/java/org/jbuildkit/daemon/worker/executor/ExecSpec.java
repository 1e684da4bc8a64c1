package org.jbuildkit.daemon.worker.executor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything one container process needs (upstream's {@code executor.Meta} plus its mounts). The
 * root file system is a directory the caller has already prepared (a mounted snapshot) and keeps
 * alive until {@link Executor#run} returns. It belongs to this exec while it runs: runc creates
 * missing mount points in it and the executor removes those empty stubs afterwards, which would
 * detach the mounts of another exec running on the same directory.
 *
 * @param user {@code uid[:gid]} or {@code name[:group]} resolved from the rootfs' /etc/passwd and
 *     /etc/group; empty means root
 * @param env {@code NAME=value} entries; a default PATH is added when none is given
 * @param removeMountStubsRecursive also remove the empty parent directories runc created for a
 *     mount point, not just the mount point (upstream's {@code Meta.RemoveMountStubsRecursive})
 */
public record ExecSpec(
        Path rootfs,
        boolean readonlyRootfs,
        List<ExecMount> mounts,
        List<String> args,
        List<String> env,
        String cwd,
        String user,
        String hostname,
        NetworkMode network,
        SecurityMode security,
        ProcessMode processMode,
        List<ExtraHost> extraHosts,
        List<Ulimit> ulimits,
        boolean removeMountStubsRecursive) {

    public static final String DEFAULT_HOSTNAME = "buildkitsandbox";

    public ExecSpec {
        Objects.requireNonNull(rootfs, "rootfs");
        if (!rootfs.isAbsolute()) {
            throw new IllegalArgumentException("rootfs must be an absolute path: " + rootfs);
        }
        mounts = List.copyOf(mounts);
        args = List.copyOf(args);
        if (args.isEmpty()) {
            throw new IllegalArgumentException("an exec needs at least one argument (the program to run)");
        }
        env = List.copyOf(env);
        for (String e : env) {
            if (e.indexOf('=') <= 0) {
                throw new IllegalArgumentException("environment entry must be NAME=value: '" + e + "'");
            }
        }
        cwd = cwd == null || cwd.isEmpty() ? "/" : cwd;
        if (!cwd.startsWith("/")) {
            throw new IllegalArgumentException("working directory must be absolute: " + cwd);
        }
        user = user == null ? "" : user;
        hostname = hostname == null || hostname.isEmpty() ? DEFAULT_HOSTNAME : hostname;
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(processMode, "processMode");
        extraHosts = List.copyOf(extraHosts);
        ulimits = List.copyOf(ulimits);
    }

    public static Builder builder(Path rootfs, List<String> args) {
        return new Builder(rootfs, args);
    }

    /** Defaults: root user, cwd /, host network, sandboxed security and processes. */
    public static final class Builder {
        private final Path rootfs;
        private final List<String> args;
        private boolean readonlyRootfs;
        private final List<ExecMount> mounts = new ArrayList<>();
        private final List<String> env = new ArrayList<>();
        private String cwd = "/";
        private String user = "";
        private String hostname = DEFAULT_HOSTNAME;
        private NetworkMode network = NetworkMode.HOST;
        private SecurityMode security = SecurityMode.SANDBOX;
        private ProcessMode processMode = ProcessMode.SANDBOX;
        private final List<ExtraHost> extraHosts = new ArrayList<>();
        private final List<Ulimit> ulimits = new ArrayList<>();
        private boolean removeMountStubsRecursive;

        private Builder(Path rootfs, List<String> args) {
            this.rootfs = rootfs;
            this.args = List.copyOf(args);
        }

        public Builder readonlyRootfs(boolean readonly) {
            this.readonlyRootfs = readonly;
            return this;
        }

        public Builder mount(ExecMount mount) {
            mounts.add(mount);
            return this;
        }

        public Builder env(String entry) {
            env.add(entry);
            return this;
        }

        public Builder env(List<String> entries) {
            env.addAll(entries);
            return this;
        }

        public Builder cwd(String cwd) {
            this.cwd = cwd;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        public Builder network(NetworkMode network) {
            this.network = network;
            return this;
        }

        public Builder security(SecurityMode security) {
            this.security = security;
            return this;
        }

        public Builder processMode(ProcessMode processMode) {
            this.processMode = processMode;
            return this;
        }

        public Builder extraHost(ExtraHost host) {
            extraHosts.add(host);
            return this;
        }

        public Builder ulimit(Ulimit ulimit) {
            ulimits.add(ulimit);
            return this;
        }

        public Builder removeMountStubsRecursive(boolean recursive) {
            this.removeMountStubsRecursive = recursive;
            return this;
        }

        public ExecSpec build() {
            return new ExecSpec(rootfs, readonlyRootfs, mounts, args, env, cwd, user, hostname, network,
                    security, processMode, extraHosts, ulimits, removeMountStubsRecursive);
        }
    }
}
