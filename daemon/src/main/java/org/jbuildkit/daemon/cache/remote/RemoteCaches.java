package org.jbuildkit.daemon.cache.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.jbuildkit.api.control.SolveRequest;
import org.jbuildkit.daemon.exporter.ExportSource;
import org.jbuildkit.daemon.exporter.image.ImageExportParts;
import org.jbuildkit.daemon.exporter.image.LayerCompression;
import org.jbuildkit.daemon.resolver.ResolverPool;
import org.jbuildkit.daemon.solver.CacheSource;
import org.jbuildkit.daemon.solver.ProgressSink;
import org.jbuildkit.daemon.solver.SessionGroup;
import org.jbuildkit.daemon.solver.SolveJob;
import org.jbuildkit.daemon.worker.content.LocalContentStore;
import org.jbuildkit.daemon.worker.metadata.LayerBlob;
import org.jbuildkit.registry.distribution.RegistryClient;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.session.manager.Caller;

/**
 * A build's remote cache, around the solve: before it, each registry export destination is checked (reachable,
 * TLS, push access) and each import's manifest and cache config are read (a missing one is a warning); the solver
 * then fetches imported results only as they are read. After the outputs, each export writes the build's cache:
 * blobs first, in parallel, then the config, then the manifest, so a failed export never leaves a tag at an
 * incomplete cache. An inline export instead hands the image exporters the records of the result's layers.
 */
public final class RemoteCaches {
    private static final int PARALLEL_BLOBS = 4;

    private final ResolverPool registries;
    private final ImageExportParts images;
    private final LocalContentStore content;
    private final ImportedLayers layers;
    private final Path tempDir;
    private final ExecutorService executor;
    private final Clock clock;

    public RemoteCaches(ResolverPool registries, ImageExportParts images, LocalContentStore content,
            ImportedLayers layers, Path tempDir, ExecutorService executor, Clock clock) {
        this.registries = registries;
        this.images = images;
        this.content = content;
        this.layers = layers;
        this.tempDir = tempDir;
        this.executor = executor;
        this.clock = clock;
    }

    /** The request's cache options, checked: unknown types and attributes are refused before anything runs. */
    public CachePlan plan(SolveRequest request) throws CacheOptionsException {
        CacheOptions options = CacheOptions.parse(request.getCache());
        Set<String> pushed = PushedImageNames.of(request);
        List<CacheExport> exports = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        boolean inline = options.exports().stream().anyMatch(e -> e instanceof InlineCacheExport);
        for (CacheExport export : options.exports()) {
            if (export instanceof RegistryCacheExport registry && pushed.contains(PushedImageNames.tag(registry.ref()))) {
                // Pushed after the image, the cache manifest would take the image's tag: keep it in the image.
                warnings.add("cache ref " + registry.ref() + " is also the pushed image's name: a cache manifest there"
                        + " would replace the image's tag, so the cache goes inline into the image (mode=min) and"
                        + " --import-cache type=registry,ref=" + registry.ref() + " reads it from there; give the"
                        + " cache its own tag (e.g. ref=" + registry.ref().name() + ":buildcache) for mode=max");
                if (!inline) {
                    exports.add(new InlineCacheExport(CacheExportMode.MIN, registry.ignoreError()));
                    inline = true;
                }
                continue;
            }
            exports.add(export);
        }
        return new CachePlan(new CacheOptions(exports, options.imports()), warnings, CacheSource.NONE);
    }

    /**
     * Checks the export destinations and reads the imports, on the progress as their own vertices. Fails when a
     * destination cannot take a push or an import cannot be read for another reason than not existing.
     */
    public CompletableFuture<CachePlan> prepare(CachePlan plan, SessionGroup sessions, Caller session,
            ProgressSink sink) {
        if (plan.exportEntries().isEmpty() && plan.importEntries().isEmpty() && plan.warnings().isEmpty()) {
            return CompletableFuture.completedFuture(plan);
        }
        return CompletableFuture.supplyAsync(() -> {
            for (String warning : plan.warnings()) {
                CacheProgress notice = new CacheProgress("cache-warning-" + warning + sessions.ids(),
                        "preparing build cache for export", sink, () -> false, clock);
                notice.start();
                notice.doneWithWarning(warning);
            }
            for (CacheExport export : plan.exportEntries()) {
                if (export instanceof RegistryCacheExport registry) {
                    preflight(registry, sessions);
                }
            }
            List<ImportedCache> imported = new ArrayList<>();
            for (CacheImport entry : plan.importEntries()) {
                read(entry, sessions, session, sink).ifPresent(imported::add);
            }
            return plan.withImported(imported.isEmpty() ? CacheSource.NONE : new ImportedCaches(imported));
        }, executor);
    }

    private void preflight(RegistryCacheExport export, SessionGroup sessions) {
        try {
            registry(sessions, export.ref().registry(), export.insecure())
                    .checkPushAccess(export.ref().registry(), export.ref().repository());
        } catch (RuntimeException e) {
            if (!export.ignoreError()) {
                throw new CompletionException(new CacheExportException("cannot export cache to " + export.ref()
                        + " (checked before building, nothing was built): " + e.getMessage()
                        + "; fix the ref or the registry access, or add ignore-error=true to build without exporting",
                        e));
            }
        }
    }

    private Optional<ImportedCache> read(CacheImport entry, SessionGroup sessions, Caller session,
            ProgressSink sink) {
        String name = describe(entry);
        CacheProgress progress = new CacheProgress("import-cache-" + name + "-" + sessions.ids(),
                "importing cache manifest from " + name, sink, () -> false, clock);
        progress.start();
        try {
            CacheStorage storage = storage(entry, sessions, session);
            Optional<CacheStorage.FetchedManifest> manifest = storage.manifest();
            if (manifest.isEmpty()) {
                progress.doneWithWarning("cache " + name + " was not found; the build goes on without"
                        + " it (a first build, or a ref that was never exported to)");
                return Optional.empty();
            }
            CacheConfig config = config(name, storage, manifest.get());
            progress.done();
            return Optional.of(new ImportedCache(name, config, storage, layers));
        } catch (Exception e) {
            progress.failed(e);
            throw new CompletionException(new CacheImportException("importing cache from " + name + " failed: "
                    + e.getMessage(), e));
        }
    }

    /** The cache config a manifest names: a cache manifest's config blob, or an image config's inline cache. */
    private CacheConfig config(String name, CacheStorage storage, CacheStorage.FetchedManifest fetched)
            throws IOException {
        ParsedManifest parsed = CacheManifests.parse(fetched.body(), fetched.descriptor().mediaType());
        if (parsed instanceof ParsedManifest.ImageManifest image) {
            CacheManifests.checkReadable(image.config(), "image config of " + name);
            byte[] imageConfig = blob(storage, image.config());
            Optional<InlineCache.InlineCacheConfig> inline = InlineCache.decode(image.layers(), imageConfig, name);
            if (inline.isPresent()) {
                return inline.get().config();
            }
        }
        ParsedManifest.CacheManifest cache = parsed.requireCache(name);
        CacheManifests.checkReadable(cache.config(), "cache config of " + name);
        CacheConfig config = CacheConfigJson.read(blob(storage, cache.config()), "cache config of " + name);
        return CacheManifests.annotate(config, cache.layers());
    }

    private byte[] blob(CacheStorage storage, Descriptor descriptor) throws IOException {
        Path file = Files.createTempFile(tempDir, "cache-blob-", ".tmp");
        try {
            Files.deleteIfExists(file);
            storage.fetchBlob(descriptor, file);
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The build's metadata for the image exporters with the inline cache added when the request exports one: the
     * records of the result's layers (mode=min), their layer indexes those of the image.
     */
    public Map<String, byte[]> withInlineCache(CachePlan plan, SolveJob job, Map<String, byte[]> metadata,
            BooleanSupplier cancelled) {
        if (!plan.inline() || job.head().isEmpty()) {
            return metadata;
        }
        try {
            CacheChains.Built built = CacheChains.of(job, false, result -> images.layerBlobs().of(result.snapshot(),
                    LayerCompression.DEFAULT, cancelled), clock.instant());
            Map<String, byte[]> all = new HashMap<>(metadata);
            all.put(ExportSource.INLINE_CACHE, CacheConfigJson.writeRecords(built.config().records()));
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the inline cache: " + e.getMessage(), e);
        }
    }

    /** Writes every registry and local cache export; the response names each manifest ({@code cache.manifest}). */
    public CompletableFuture<Map<String, String>> export(CachePlan plan, SolveJob job, SessionGroup sessions,
            Caller session, ProgressSink sink, BooleanSupplier cancelled) {
        List<CacheExport> exports = plan.exportEntries().stream().filter(e -> !(e instanceof InlineCacheExport)).toList();
        if (exports.isEmpty() || job.head().isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return CompletableFuture.supplyAsync(() -> {
            Map<String, String> response = new TreeMap<>();
            for (int i = 0; i < exports.size(); i++) {
                CacheExport export = exports.get(i);
                CacheProgress progress = new CacheProgress("export-cache-" + i + "-" + sessions.ids(),
                        export instanceof RegistryCacheExport ? "exporting cache to registry"
                                : "exporting cache to client directory", sink, cancelled, clock);
                progress.start();
                try {
                    Descriptor manifest = write(export, job, plan.imports(), storage(export, sessions, session),
                            progress, cancelled);
                    response.putAll(SessionCacheStorage.exporterResponse(manifest));
                    progress.done();
                } catch (Exception e) {
                    if (export.ignoreError()) {
                        progress.doneWithWarning("exporting " + describe(export) + " failed and was ignored"
                                + " (ignore-error=true): " + e.getMessage());
                        continue;
                    }
                    throw new CompletionException(progress.failed(new CacheExportException("exporting "
                            + describe(export) + " failed: " + e.getMessage(), e)));
                }
            }
            return response;
        }, executor);
    }

    private Descriptor write(CacheExport export, SolveJob job, CacheSource imported, CacheStorage storage,
            CacheProgress progress, BooleanSupplier cancelled) throws Exception {
        progress.context().status(org.jbuildkit.daemon.solver.ProgressStatus.started("preparing build cache for"
                + " export", "", 0, clock.instant()).completedAt(clock.instant()));
        LayerCompression compression = export instanceof RegistryCacheExport r ? r.compression()
                : ((LocalCacheExport) export).compression();
        boolean oci = export instanceof RegistryCacheExport r ? r.ociMediaTypes()
                : ((LocalCacheExport) export).ociMediaTypes();
        boolean imageManifest = export instanceof RegistryCacheExport r ? r.imageManifest()
                : ((LocalCacheExport) export).imageManifest();
        // An imported result is written back with the import's layers, not downloaded to be compressed again
        // (unless another compression is forced).
        Map<Digest, CacheStorage> sources = new java.util.concurrent.ConcurrentHashMap<>();
        CacheChains.KnownLayers known = imported instanceof ImportedCaches caches && !compression.force()
                ? (key, output) -> caches.layers(key, output).map(found -> {
                    found.getKey().forEach(l -> sources.putIfAbsent(l.blob().digest(), found.getValue()));
                    return found.getKey();
                }) : CacheChains.KnownLayers.NONE;
        CacheChains.Built built = CacheChains.of(job, export.mode() == CacheExportMode.MAX, result ->
                images.layerBlobs().of(result.snapshot(), compression, cancelled), known, clock.instant());
        BuiltCacheManifest manifest = CacheManifests.build(built.config().sorted(), oci, imageManifest);
        Map<Digest, LayerBlob> blobs = new HashMap<>();
        built.blobs().forEach(b -> blobs.put(b.blob().digest(), b));
        ExecutorService uploads = Executors.newFixedThreadPool(PARALLEL_BLOBS, r -> {
            Thread t = new Thread(r, "cache-export");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Descriptor layer : manifest.layers()) {
                running.add(uploads.submit(() -> {
                    if (cancelled.getAsBoolean()) {
                        throw new java.util.concurrent.CancellationException("the build was cancelled");
                    }
                    var status = org.jbuildkit.daemon.solver.ThrottledStatus.start(progress.context(), clock,
                            "writing layer " + layer.digest(), "", layer.size());
                    if (!content.exists(layer.digest())) {
                        CacheStorage source = sources.get(layer.digest());
                        if (source == null) {
                            throw new IllegalStateException("layer " + layer.digest() + " is not in the content store");
                        }
                        if (storage.hasBlob(layer.digest())) {
                            status.complete(layer.size());
                            return null;
                        }
                        source.fetchBlob(layer, content.blobPath(layer.digest()));
                    }
                    storage.putBlob(layer, content.blobPath(layer.digest()));
                    status.complete(layer.size());
                    return null;
                }));
            }
            for (Future<?> upload : running) {
                try {
                    upload.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    running.forEach(r -> r.cancel(true));
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        } finally {
            uploads.shutdownNow();
        }
        Path config = Files.createTempFile(tempDir, "cache-config-", ".json");
        try {
            Files.write(config, manifest.configBlob());
            storage.putBlob(manifest.config(), config);
        } finally {
            Files.deleteIfExists(config);
        }
        var writing = org.jbuildkit.daemon.solver.ThrottledStatus.start(progress.context(), clock,
                "writing cache manifest " + Digest.sha256(manifest.manifest()), "", 0);
        Descriptor pushed = storage.putManifest(manifest.mediaType(), manifest.manifest());
        writing.complete(0);
        return pushed;
    }

    private CacheStorage storage(CacheExport export, SessionGroup sessions, Caller session) {
        if (export instanceof RegistryCacheExport registry) {
            return new RegistryCacheStorage(registry(sessions, registry.ref().registry(), registry.insecure()),
                    registry.ref());
        }
        LocalCacheExport local = (LocalCacheExport) export;
        return SessionCacheStorage.forExport(caller(session, sessions), local.dest());
    }

    private CacheStorage storage(CacheImport entry, SessionGroup sessions, Caller session) {
        if (entry instanceof RegistryCacheImport registry) {
            return new RegistryCacheStorage(registry(sessions, registry.ref().registry(), registry.insecure()),
                    registry.ref());
        }
        LocalCacheImport local = (LocalCacheImport) entry;
        return SessionCacheStorage.forImport(caller(session, sessions), local.src(), local.digest());
    }

    private static Caller caller(Caller session, SessionGroup sessions) {
        return session != null ? session : sessions.caller();
    }

    private static String describe(CacheImport entry) {
        return entry instanceof RegistryCacheImport registry ? registry.ref().toString()
                : "local cache " + ((LocalCacheImport) entry).src();
    }

    private static String describe(CacheExport export) {
        if (export instanceof RegistryCacheExport registry) {
            return "registry cache " + registry.ref();
        }
        return export instanceof LocalCacheExport local ? "local cache " + local.dest() : "inline cache";
    }

    private RegistryClient registry(SessionGroup sessions, String host, boolean insecure) {
        return insecure ? registries.resolver(sessions, host) : registries.resolver(sessions);
    }
}
