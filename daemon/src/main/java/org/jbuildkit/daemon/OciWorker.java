package org.jbuildkit.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.types.GCPolicy;
import org.jbuildkit.daemon.cache.BuildCache;
import org.jbuildkit.daemon.cache.RecordedBuildCache;
import org.jbuildkit.daemon.cache.remote.ImportedLayers;
import org.jbuildkit.daemon.cache.remote.RemoteCaches;
import org.jbuildkit.daemon.config.BuildkitdConfig;
import org.jbuildkit.daemon.config.ConfigEnvironment;
import org.jbuildkit.daemon.config.OciWorkerConfig;
import org.jbuildkit.daemon.exporter.Exporters;
import org.jbuildkit.daemon.frontend.Frontends;
import org.jbuildkit.daemon.gc.GcTrigger;
import org.jbuildkit.daemon.ops.ContentChecksums;
import org.jbuildkit.daemon.ops.DiffOpRunner;
import org.jbuildkit.daemon.ops.ExecRunner;
import org.jbuildkit.daemon.ops.FileOpRunner;
import org.jbuildkit.daemon.ops.ImageSourceRunner;
import org.jbuildkit.daemon.ops.LocalContexts;
import org.jbuildkit.daemon.ops.MergeOpRunner;
import org.jbuildkit.daemon.ops.RecordedResults;
import org.jbuildkit.daemon.ops.RecordedStepHistory;
import org.jbuildkit.daemon.ops.SourceRunner;
import org.jbuildkit.daemon.resolver.ResolverPool;
import org.jbuildkit.daemon.solver.OpRunner;
import org.jbuildkit.daemon.solver.Solver;
import org.jbuildkit.daemon.source.git.GitSourceRunner;
import org.jbuildkit.daemon.source.http.HttpSourceRunner;
import org.jbuildkit.daemon.source.local.LocalSourceRunner;
import org.jbuildkit.daemon.worker.HostPlatforms;
import org.jbuildkit.daemon.worker.content.LocalContentStore;
import org.jbuildkit.daemon.worker.executor.ProcessMode;
import org.jbuildkit.daemon.worker.executor.RuncExecutor;
import org.jbuildkit.daemon.exporter.image.ImageExportParts;
import org.jbuildkit.daemon.worker.metadata.LayerBlobIndex;
import org.jbuildkit.daemon.worker.metadata.MetadataStore;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.jbuildkit.daemon.worker.snapshot.SnapshotterSelector;
import org.jbuildkit.registry.hosts.RegistryHosts;
import org.jbuildkit.registry.image.Platform;

/**
 * The OCI worker as the daemon uses it: the solver with a runner per op over one content store,
 * snapshotter and metadata store, the build cache {@code du}/{@code prune} and GC work on, and
 * the exporters. Part of the composition root: it only wires objects together.
 */
record OciWorker(Solver solver, BuildCache cache, Exporters exporters, Frontends frontends, RemoteCaches caches) {

    static OciWorker assemble(BuildkitdConfig config, Path root, RegistryHosts hosts, List<GCPolicy> gcPolicies)
            throws IOException {
        Clock clock = Clock.systemUTC();
        ExecutorService pool = solverThreads();
        OciWorkerConfig oci = config.workers().oci();
        LocalContentStore content = LocalContentStore.open(root);
        Snapshotter snapshotter = SnapshotterSelector.forConfig(oci.snapshotter(), root);
        MetadataStore metadata = MetadataStore.open(root);
        Path mounts = Files.createDirectories(root.resolve("mounts"));
        RuncExecutor.Builder executor = RuncExecutor.builder(root);
        if (oci.binary() != null && !oci.binary().isEmpty()) {
            executor.runtime(oci.binary());
        }
        // Per-build registry auth (the client's session); the image exporter pushes through the same pool.
        ResolverPool registry = ResolverPool.forDaemon(hosts, config.system().maxRegistryConcurrency(), clock);
        LocalContexts contexts = new LocalContexts();
        Platform platform = workerPlatform();
        LayerBlobIndex layerBlobs = LayerBlobIndex.persistent(root);
        Map<Op.OpCase, OpRunner> runners = Map.of(
                Op.OpCase.SOURCE, sources(root, registry, content, snapshotter, metadata, clock, contexts, platform,
                        layerBlobs),
                Op.OpCase.EXEC, new ExecRunner(snapshotter, executor.build(), mounts, metadata, clock,
                        oci.noProcessSandbox() ? ProcessMode.NO_SANDBOX : ProcessMode.SANDBOX),
                Op.OpCase.FILE, new FileOpRunner(snapshotter, mounts, contexts),
                Op.OpCase.MERGE, new MergeOpRunner(snapshotter, pool),
                Op.OpCase.DIFF, new DiffOpRunner(snapshotter, mounts, pool));
        ContentChecksums checksums = new ContentChecksums(snapshotter, mounts);
        Solver solver = new Solver(runners, RecordedResults.startingFresh(metadata, clock), checksums,
                pool, oci.maxParallelism(), clock, new RecordedStepHistory(metadata, clock), checksums);
        BuildCache cache = new RecordedBuildCache(metadata, snapshotter, clock,
                () -> ConfigEnvironment.system().diskStats().stat(root));
        GcTrigger.forWorker(oci.gc().enabled(), cache, gcPolicies).ifPresent(solver::addBuildListener);
        Frontends frontends = new Frontends(config.frontends(), solver, registry, content, snapshotter, mounts,
                new org.jbuildkit.llb.Platform(platform.os(), platform.architecture(), platform.variant()), pool, clock);
        ImageExportParts images = ImageExportParts.open(root, snapshotter, content, layerBlobs, platform, pool, clock)
                .withResolvers(registry);
        RemoteCaches caches = new RemoteCaches(registry, images, content, new ImportedLayers(content, snapshotter,
                layerBlobs, clock), images.tempDir(), pool, clock);
        return new OciWorker(solver, cache, Exporters.standard(snapshotter, mounts, pool, clock, images), frontends,
                caches);
    }

    /**
     * Source ops by scheme: images through the registry module, git through the git CLI, http(s) files,
     * local directories over the session.
     */
    private static SourceRunner sources(Path root, ResolverPool registry, LocalContentStore content,
            Snapshotter snapshotter, MetadataStore metadata, Clock clock, LocalContexts contexts, Platform platform,
            LayerBlobIndex layerBlobs) throws IOException {
        HttpSourceRunner http = new HttpSourceRunner(root, content, metadata, snapshotter, System.getenv());
        return new SourceRunner(Map.of(
                "docker-image", new ImageSourceRunner(registry, content, snapshotter, platform, layerBlobs),
                "http", http,
                "https", http,
                "git", new GitSourceRunner(root, snapshotter, System.getenv()),
                "local", new LocalSourceRunner(root, snapshotter, clock, contexts)));
    }

    /** The platform images are pulled for and Dockerfiles are built for. */
    private static Platform workerPlatform() {
        return Platform.parse("linux/" + HostPlatforms.detect().get(0).getArchitecture());
    }

    private static ExecutorService solverThreads() {
        AtomicInteger threads = new AtomicInteger();
        return Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "solver-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
