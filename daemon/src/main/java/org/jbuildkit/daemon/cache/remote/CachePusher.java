package org.jbuildkit.daemon.cache.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;

/**
 * Stores a cache: every layer blob and the config blob, at most {@code concurrency} at a time, then the manifest.
 * The manifest goes only after every blob is stored, so a failed blob leaves no tag naming an incomplete cache; after
 * a failure no new blob is started.
 */
public final class CachePusher {
    /** How many blobs upstream pushes at once by default. */
    public static final int DEFAULT_CONCURRENCY = 4;

    private final Executor executor;
    private final int concurrency;

    public CachePusher(Executor executor, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
        }
        this.executor = executor;
        this.concurrency = concurrency;
    }

    /**
     * Pushes {@code manifest} to {@code storage}.
     *
     * @param layerContent the file of each layer blob the manifest names, by digest
     * @param workDir where the config blob is written for the push (removed after)
     * @param stored told each blob once it is stored (for progress), from the pushing thread
     * @return the stored manifest's descriptor (for the {@code cache.manifest} response)
     * @throws IllegalArgumentException when a layer's file is missing from {@code layerContent}, before any push
     */
    public Descriptor push(CacheStorage storage, BuiltCacheManifest manifest, Map<Digest, Path> layerContent,
            Path workDir, Consumer<Descriptor> stored) {
        Map<Digest, Descriptor> layers = new LinkedHashMap<>();
        manifest.layers().forEach(l -> layers.putIfAbsent(l.digest(), l));
        List<Upload> uploads = new ArrayList<>();
        for (Descriptor layer : layers.values()) {
            Path file = layerContent.get(layer.digest());
            if (file == null) {
                throw new IllegalArgumentException("no content for cache layer " + layer.digest() + " to push to "
                        + storage.describe());
            }
            uploads.add(new Upload(layer, file));
        }
        Path configFile;
        try {
            Files.createDirectories(workDir);
            configFile = Files.createTempFile(workDir, "cache-config-", ".json");
            Files.write(configFile, manifest.configBlob());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cache config blob in " + workDir + ": "
                    + e.getMessage(), e);
        }
        try {
            uploads.add(new Upload(manifest.config(), configFile));
            pushAll(storage, uploads, stored);
            return storage.putManifest(manifest.mediaType(), manifest.manifest());
        } finally {
            try {
                Files.deleteIfExists(configFile);
            } catch (IOException e) {
                // A leftover temp file in the work dir does no harm; the push result matters more.
            }
        }
    }

    private void pushAll(CacheStorage storage, List<Upload> uploads, Consumer<Descriptor> stored) {
        Queue<Upload> queue = new ConcurrentLinkedQueue<>(uploads);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<CompletableFuture<Void>> lanes = new ArrayList<>();
        for (int i = 0; i < Math.min(concurrency, uploads.size()); i++) {
            lanes.add(CompletableFuture.runAsync(() -> {
                for (Upload next; failure.get() == null && (next = queue.poll()) != null; ) {
                    try {
                        storage.putBlob(next.blob(), next.file());
                        stored.accept(next.blob());
                    } catch (RuntimeException e) {
                        if (!failure.compareAndSet(null, e)) {
                            failure.get().addSuppressed(e);
                        }
                    }
                }
            }, executor));
        }
        try {
            CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            failure.compareAndSet(null, new IllegalStateException("pushing to " + storage.describe() + " failed: "
                    + e.getCause(), e.getCause()));
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private record Upload(Descriptor blob, Path file) {
    }
}
