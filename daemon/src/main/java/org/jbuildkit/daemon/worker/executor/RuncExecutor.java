package org.jbuildkit.daemon.worker.executor;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each exec as a fresh runc container (upstream's {@code runcexecutor}): one bundle directory
 * with a generated config.json, {@code runc run} in the foreground with pipes for stdio, and the
 * bundle and runc state removed afterwards whatever happened.
 *
 * <p>Layout under the executor root: {@code bundles/<id>/} (config.json, hosts, resolv.conf,
 * secrets, runc.log) and {@code runc/} (runc's {@code --root} state).
 */
public final class RuncExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(RuncExecutor.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String runtime;
    private final Path bundles;
    private final Path stateDir;
    private final Optional<String> cgroupParent;
    private final Path hostResolvConf;
    private final DaemonLimits limits;
    private final Capabilities capabilities;

    private RuncExecutor(Builder b) throws IOException {
        this.runtime = b.runtime;
        this.bundles = b.root.resolve("bundles");
        this.stateDir = b.root.resolve("runc");
        this.cgroupParent = Optional.ofNullable(b.cgroupParent);
        this.hostResolvConf = b.hostResolvConf;
        Files.createDirectories(bundles);
        Files.createDirectories(stateDir);
        this.limits = DaemonLimits.read();
        this.capabilities = Capabilities.ofDaemon();
    }

    /** An executor keeping its bundles and runc state under {@code root} (e.g. {@code <daemon root>/executor}). */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /** The runc {@code --root} directory, where runc keeps the state of running containers. */
    public Path stateDir() {
        return stateDir;
    }

    /** Where each exec's bundle directory lives while it runs. */
    public Path bundlesDir() {
        return bundles;
    }

    @Override
    public ExecResult run(ExecSpec spec, ProcessIO io, CompletionStage<?> cancel) throws ExecutorException {
        if (cancel.toCompletableFuture().isDone()) {
            throw ExecCancelledException.beforeStart();
        }
        String id = "jbk-" + HexFormat.of().formatHex(randomBytes());
        Path bundle = bundles.resolve(id);
        RuncCommand runc = new RuncCommand(resolveRuntime(), stateDir);
        MountStubs stubs = null;
        SecretFiles secrets = null;
        try {
            Files.createDirectory(bundle, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (!Files.isDirectory(spec.rootfs())) {
                throw new ExecutorException("rootfs " + spec.rootfs() + " is not a directory",
                        "mount or unpack the step's root file system before running it");
            }
            ContainerUser user = ContainerUser.resolve(spec.rootfs(), spec.user());
            prepareCwd(spec, user);
            secrets = SecretFiles.write(bundle, spec.mounts());
            SpecGenerator.BundleFiles files = writeFiles(bundle, spec, secrets);
            List<String> destinations = new ArrayList<>(List.of("/etc/hosts", "/etc/resolv.conf"));
            spec.mounts().forEach(m -> destinations.add(m.destination()));
            stubs = MountStubs.before(spec.rootfs(), destinations, spec.removeMountStubsRecursive());
            OciSpec oci = SpecGenerator.generate(spec, user, limits.forContainer(spec.ulimits()), capabilities, files,
                    cgroupParent.map(p -> "/" + p + "/" + id).orElse(null));
            JSON.writeValue(bundle.resolve("config.json").toFile(), oci);
            LOG.debug("running {} {} in {}", id, spec.args(), spec.rootfs());
            return new RuncRun(runc, id, bundle, spec.processMode() == ProcessMode.NO_SANDBOX).run(io, cancel);
        } catch (IOException e) {
            throw new ExecutorException("cannot prepare the bundle for exec " + spec.args() + " in " + bundle + ": " + e,
                    "check that the executor directory " + bundles + " is writable and the disk is not full", e);
        } finally {
            if (runc.exists(id)) {
                runc.deleteForce(id);
            }
            if (stubs != null) {
                stubs.clean();
            }
            closeSecrets(secrets);
            deleteRecursively(bundle);
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    private Path resolveRuntime() throws ExecutorException {
        if (runtime.contains("/")) {
            Path p = Path.of(runtime);
            if (Files.isExecutable(p)) {
                return p;
            }
            throw missingRuntime("OCI runtime " + runtime + " does not exist or is not executable");
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, runtime);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        throw missingRuntime("OCI runtime " + runtime + " not found on PATH (" + path + ")");
    }

    private static ExecutorException missingRuntime(String what) {
        return new ExecutorException(what,
                "install runc (apt-get install runc) or set [worker.oci] binary = \"/path/to/runc\"");
    }

    private static void prepareCwd(ExecSpec spec, ContainerUser user) throws IOException {
        Path cwd = RootfsPath.resolve(spec.rootfs(), spec.cwd());
        if (!Files.exists(cwd)) {
            Files.createDirectories(cwd);
            Files.setAttribute(cwd, "unix:uid", (int) user.uid());
            Files.setAttribute(cwd, "unix:gid", (int) user.gid());
        }
    }

    private SpecGenerator.BundleFiles writeFiles(Path bundle, ExecSpec spec, SecretFiles secrets) throws IOException {
        Path hosts = Files.writeString(bundle.resolve("hosts"), NetworkFiles.hosts(spec.hostname(), spec.extraHosts()));
        Path resolv = Files.writeString(bundle.resolve("resolv.conf"),
                NetworkFiles.resolvConf(hostResolvConf, spec.network()));
        for (Path p : List.of(hosts, resolv)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
        return new SpecGenerator.BundleFiles(hosts, resolv, secrets.files());
    }

    /** The tmpfs must go before the bundle is deleted: removing its files alone could leave it mounted. */
    private static void closeSecrets(SecretFiles secrets) {
        if (secrets == null) {
            return;
        }
        try {
            secrets.close();
        } catch (IOException e) {
            LOG.warn("cannot unmount the secrets of an exec: {}", e.getMessage());
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove bundle {}: {}", dir, e.toString());
        }
    }

    /** Options: the runtime binary, the cgroup parent, the host resolv.conf to copy. */
    public static final class Builder {
        private final Path root;
        private String runtime = "runc";
        private String cgroupParent = "buildkit";
        private Path hostResolvConf = Path.of("/etc/resolv.conf");

        private Builder(Path root) {
            this.root = root.toAbsolutePath();
        }

        /** A path to the runtime, or a name looked up on PATH at each run. Default {@code runc}. */
        public Builder runtime(String nameOrPath) {
            this.runtime = nameOrPath;
            return this;
        }

        /**
         * Containers go to cgroup {@code /<parent>/<id>} in every hierarchy (default parent
         * {@code buildkit}; on this hybrid v1+v2 machine runc's cgroupfs driver creates it in each
         * v1 controller and in the unified tree, and removes it on delete). With {@code null} the
         * spec has no cgroupsPath and runc picks its own default.
         */
        public Builder cgroupParent(String parent) {
            this.cgroupParent = parent;
            return this;
        }

        public Builder hostResolvConf(Path file) {
            this.hostResolvConf = file;
            return this;
        }

        public RuncExecutor build() throws IOException {
            return new RuncExecutor(this);
        }
    }
}
