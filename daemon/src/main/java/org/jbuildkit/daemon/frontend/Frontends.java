package org.jbuildkit.daemon.frontend;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.jbuildkit.daemon.config.FrontendsConfig;
import org.jbuildkit.daemon.resolver.ResolverPool;
import org.jbuildkit.daemon.solver.ProgressSink;
import org.jbuildkit.daemon.solver.SessionGroup;
import org.jbuildkit.daemon.solver.Solver;
import org.jbuildkit.daemon.worker.content.LocalContentStore;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.jbuildkit.llb.Platform;

/**
 * The frontends this daemon runs itself, by the name a Solve request gives ({@code dockerfile.v0}; {@code gateway.v0}
 * when its source is an official {@code docker/dockerfile} image), as {@code [frontend."…"]} in buildkitd.toml allows
 * them; each run gets a bridge onto the daemon's solver for the one build.
 */
public final class Frontends {
    public static final String DOCKERFILE = "dockerfile.v0";
    public static final String GATEWAY = "gateway.v0";

    private final FrontendsConfig config;
    private final Solver solver;
    private final ResolverPool registries;
    private final LocalContentStore content;
    private final SnapshotFiles files;
    private final Platform platform;
    private final Executor executor;
    private final Clock clock;

    public Frontends(FrontendsConfig config, Solver solver, ResolverPool registries, LocalContentStore content,
            Snapshotter snapshotter, Path mountRoot, Platform platform, Executor executor, Clock clock) {
        this.config = config;
        this.solver = solver;
        this.registries = registries;
        this.content = content;
        this.files = new SnapshotFiles(snapshotter, mountRoot);
        this.platform = platform;
        this.executor = executor;
        this.clock = clock;
    }

    /**
     * Whether a request's frontend can run here; the exception says which frontends can and how to ask for them.
     */
    public void check(String name, Map<String, String> attrs) throws FrontendException {
        select(name, attrs);
    }

    Frontend select(String name, Map<String, String> attrs) throws FrontendException {
        switch (name) {
            case DOCKERFILE -> {
                if (!config.dockerfile().enabled()) {
                    throw new FrontendException("frontend " + DOCKERFILE + " is disabled in this daemon's"
                            + " buildkitd.toml ([frontend.\"dockerfile.v0\"] enabled = false); enable it there");
                }
                return new DockerfileFrontend(platform, List.of());
            }
            case GATEWAY -> {
                if (!config.gateway().enabled()) {
                    throw new FrontendException("frontend " + GATEWAY + " is disabled in this daemon's buildkitd.toml"
                            + " ([frontend.\"gateway.v0\"] enabled = false); use --frontend " + DOCKERFILE);
                }
                GatewaySource source = GatewaySource.parse(attrs.get("source"));
                if (!source.isOfficialDockerfile()) {
                    throw new FrontendException("frontend image " + source.text() + " cannot run: this daemon has no"
                            + " external (gateway) frontends yet, only the built-in Dockerfile frontend; use --frontend "
                            + DOCKERFILE + ", or --opt source=docker/dockerfile");
                }
                if (!config.dockerfile().enabled()) {
                    throw new FrontendException("frontend image " + source.text() + " is served by the built-in "
                            + DOCKERFILE + ", which this daemon's buildkitd.toml disables ([frontend.\"dockerfile.v0\"]"
                            + " enabled = false); enable it there");
                }
                return new DockerfileFrontend(platform, List.of(source.servedByBuiltInNote()));
            }
            default -> throw new FrontendException("unknown frontend '" + name + "': this daemon has " + DOCKERFILE
                    + " (--frontend " + DOCKERFILE + ") and " + GATEWAY + " with --opt source=docker/dockerfile[:tag]");
        }
    }

    /**
     * Runs the request's frontend for one build: its sub-solves go through {@code sessions} and show on
     * {@code progress}. Cancelling the returned future cancels what the frontend is solving.
     */
    public CompletableFuture<BuildDefinition> solve(String name, Map<String, String> attrs, String sessionId,
            SessionGroup sessions, ProgressSink progress) {
        Frontend frontend;
        try {
            frontend = select(name, attrs);
        } catch (FrontendException e) {
            return CompletableFuture.failedFuture(e);
        }
        SolverBridge bridge = new SolverBridge(solver, sessions, progress, files,
                new RegistryImageMetaResolver(registries, content, sessions, progress, clock), clock);
        CompletableFuture<BuildDefinition> result = CompletableFuture.supplyAsync(() -> {
            try {
                return frontend.solve(new FrontendRequest(sessionId, attrs), bridge);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, executor);
        result.whenComplete((definition, error) -> {
            if (result.isCancelled()) {
                bridge.cancel();
            }
        });
        return result;
    }

    /**
     * Whether {@code no-cache} turns off the cache for the whole build: always for an LLB definition (our buildctl's
     * {@code --no-cache}); for a frontend only with an empty value, since a stage list ({@code --opt no-cache=a,b})
     * is the Dockerfile converter's to apply to those stages' steps.
     */
    public static boolean noCacheForWholeBuild(String frontend, Map<String, String> attrs) {
        String value = attrs.get("no-cache");
        return value != null && (frontend.isEmpty() || value.isEmpty());
    }
}
