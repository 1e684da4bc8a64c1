package org.jbuildkit.daemon;

import io.grpc.BindableService;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.jbuildkit.api.BuildInfo;
import org.jbuildkit.api.BuildkitAddress;
import org.jbuildkit.daemon.buildlog.BuildLogService;
import org.jbuildkit.daemon.buildlog.BuildLogStore;
import org.jbuildkit.daemon.config.BuildkitdConfig;
import org.jbuildkit.daemon.config.EffectiveConfig;
import org.jbuildkit.daemon.config.GrpcConfig;
import org.jbuildkit.daemon.config.LogConfig;
import org.jbuildkit.daemon.control.ControlService;
import org.jbuildkit.daemon.control.StepLogLimits;
import org.jbuildkit.daemon.registry.DaemonRegistryHosts;
import org.jbuildkit.daemon.registry.RegistryDebugService;
import org.jbuildkit.daemon.server.ControlServer;
import org.jbuildkit.daemon.server.ListenerSpec;
import org.jbuildkit.daemon.server.RootLock;
import org.jbuildkit.daemon.worker.OciWorkerSetup;
import org.jbuildkit.daemon.worker.WorkerInfo;
import org.jbuildkit.registry.diagnostics.RegistryProbe;
import org.jbuildkit.registry.hosts.RegistryHosts;
import org.jbuildkit.session.manager.SessionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's composition root: takes the effective config, locks the root, describes the worker,
 * starts the gRPC servers and runs until SIGTERM/SIGINT, then stops cleanly.
 */
final class Daemon {
    private final EffectiveConfig effective;
    private final boolean debug;

    Daemon(EffectiveConfig effective, boolean debug) {
        this.effective = effective;
        this.debug = debug;
    }

    int run(PrintWriter err) throws InterruptedException {
        BuildkitdConfig config = effective.config();
        Path root = config.root().toAbsolutePath();
        configureProcess(root, config.log());
        Logger log = LoggerFactory.getLogger(Buildkitd.class);
        effective.warnings().forEach(w -> log.warn("{}", w));
        effective.startupReport().forEach(line -> log.info("{}", line));

        RegistryHosts registryHosts = DaemonRegistryHosts.from(effective);
        RootLock lock;
        WorkerInfo worker;
        ListenerSpec listeners;
        try {
            lock = RootLock.acquire(root);
            worker = OciWorkerSetup.describe(config, root);
            listeners = listenerSpec(config.grpc());
        } catch (IOException | IllegalArgumentException e) {
            err.println("buildkitd: " + e.getMessage());
            return 1;
        }
        log.info("found worker {}, labels={}, platforms={}", worker.id(), worker.labels(),
                worker.platforms().stream().map(p -> p.getOS() + "/" + p.getArchitecture()
                        + (p.getVariant().isEmpty() ? "" : "/" + p.getVariant())).toList());

        OciWorker built;
        try {
            built = OciWorker.assemble(config, root, registryHosts, worker.gcPolicies());
        } catch (IOException | IllegalArgumentException e) {
            err.println("buildkitd: cannot set up the worker in " + root + ": " + e.getMessage());
            closeQuietly(lock);
            return 1;
        }
        HealthStatusManager health = new HealthStatusManager();
        SessionManager sessions = new SessionManager();
        BuildLogStore buildLogs = BuildLogStore.under(root);
        List<BindableService> services = List.of(
                new ControlService(worker, built.cache(), BuildInfo.current(), built.solver(), sessions,
                        built.exporters(), buildLogs,
                        StepLogLimits.fromEnvironment(System.getenv()), built.frontends(), built.caches()).withSessionHeaders(),
                new RegistryDebugService(registryHosts, new RegistryProbe()),
                new BuildLogService(buildLogs),
                health.getHealthService());
        // The hook is in place before any socket exists, so a SIGTERM during start-up still cleans up.
        AtomicReference<ControlServer> running = new AtomicReference<>();
        List<Path> ourSockets = new CopyOnWriteArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping: cancelling in-flight requests and removing sockets");
            try {
                health.enterTerminalState();
                ControlServer server = running.get();
                if (server != null) {
                    server.close();
                } else {
                    removeSockets(ourSockets);
                }
                sessions.close();
            } finally {
                closeQuietly(lock);
                stopped.countDown();
            }
        }, "buildkitd-shutdown"));
        ControlServer server;
        try {
            server = ControlServer.start(listeners, services, ourSockets::add);
        } catch (IOException | IllegalArgumentException e) {
            err.println("buildkitd: " + e.getMessage());
            return 1;
        }
        running.set(server);
        server.awaitTermination();
        stopped.await();
        return 0;
    }

    /** Removes only socket files this process created (never another daemon's). */
    private static void removeSockets(List<Path> sockets) {
        for (Path socket : sockets) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                // Best effort while the process exits; the next start removes a stale socket anyway.
            }
        }
    }

    private ListenerSpec listenerSpec(GrpcConfig grpc) {
        List<BuildkitAddress> addresses = grpc.addresses().stream().map(BuildkitAddress::parse).toList();
        return new ListenerSpec(addresses, grpc.uid(), grpc.gid(),
                grpc.tls().certFile().orElse(null), grpc.tls().keyFile().orElse(null),
                grpc.tls().caFile().orElse(null));
    }

    /** Logging, and native libraries unpacked under the root instead of /tmp (a killed JVM leaves them). */
    private void configureProcess(Path root, LogConfig logConfig) {
        Path tmp = root.resolve("tmp");
        try {
            Files.createDirectories(tmp);
            System.setProperty("io.netty.native.workdir", tmp.toString());
            System.setProperty("org.sqlite.tmpdir", tmp.toString());
        } catch (IOException e) {
            // The lock step reports an unusable root with its own message.
        }
        // The JDK HTTP client reads responses in 16 KiB buffers by default; layers move much faster in 1 MiB.
        if (System.getProperty("jdk.httpclient.bufsize") == null) {
            System.setProperty("jdk.httpclient.bufsize", Integer.toString(1 << 20));
        }
        String level = debug ? "debug" : logConfig.level().tomlName();
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "false");
        System.setProperty("org.slf4j.simpleLogger.showLogName", "false");
        System.setProperty("org.slf4j.simpleLogger.log.io.grpc", debug ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.netty", debug ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.netty.bootstrap", "error");
    }

    private static void closeQuietly(RootLock lock) {
        try {
            lock.close();
        } catch (IOException e) {
            // The lock dies with the process anyway.
        }
    }
}
