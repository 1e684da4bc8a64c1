package org.jbuildkit.daemon.exporter.image;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jbuildkit.daemon.exporter.ExporterException;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.ThrottledStatus;
import org.jbuildkit.daemon.worker.metadata.BlobSource;
import org.jbuildkit.daemon.worker.metadata.LayerBlobIndex;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.reference.ImageReference;

/**
 * Pushes an assembled image as upstream's {@code util/push}: per repository, the layers and the config first, a few
 * at a time (a pulled base layer mounted from the repository it came from when that is on the same registry, and a
 * second repository mounting from the first), then the manifest under each name last. A blob that fails stops the
 * push before any manifest is sent, so no tag ever points at an image the registry does not fully have.
 */
final class ImagePusher {
    static final int CONCURRENT_BLOBS = 4;

    private final Function<String, RegistryPush> clients;
    private final Function<Digest, Path> blobFiles;
    private final LayerBlobIndex sources;
    private final Executor executor;
    private final Clock clock;

    /** @param clients the registry to push to for a registry host */
    ImagePusher(Function<String, RegistryPush> clients, Function<Digest, Path> blobFiles, LayerBlobIndex sources,
            Executor executor, Clock clock) {
        this.clients = clients;
        this.blobFiles = blobFiles;
        this.sources = sources;
        this.executor = executor;
        this.clock = clock;
    }

    void push(AssembledImage image, List<ImageReference> targets, ExecContext progress) throws ExporterException {
        Map<String, ImageReference> repositories = new LinkedHashMap<>();
        targets.forEach(t -> repositories.putIfAbsent(t.name(), t));
        List<Descriptor> blobs = new ArrayList<>();
        Map<Digest, Descriptor> seen = new LinkedHashMap<>();
        image.layers().forEach(l -> seen.putIfAbsent(l.digest(), l));
        seen.putIfAbsent(image.config().digest(), image.config());
        blobs.addAll(seen.values());

        ThrottledStatus layers = ThrottledStatus.start(progress, clock, "pushing layers", "", 0);
        try {
            Map<String, String> pushedByRegistry = new HashMap<>();
            for (ImageReference repository : repositories.values()) {
                pushBlobs(repository, blobs, pushedByRegistry.get(repository.registry()), progress);
                pushedByRegistry.putIfAbsent(repository.registry(), repository.repository());
            }
        } finally {
            layers.complete();
        }
        for (ImageReference target : targets) {
            String shown = (target.tag() != null ? target.name() + ":" + target.tag() : target.name()) + "@"
                    + image.manifest().digest();
            ThrottledStatus manifest = ThrottledStatus.start(progress, clock, "pushing manifest for " + shown, "", 0);
            try {
                clients.apply(target.registry()).pushManifest(target, image.manifest().mediaType(),
                        image.manifestBytes());
            } catch (RuntimeException e) {
                throw new ExporterException("failed to push " + shown + ": " + e.getMessage(), e);
            } finally {
                manifest.complete();
            }
        }
    }

    /** The blobs into one repository, {@link #CONCURRENT_BLOBS} at a time; the first failure stops the rest. */
    private void pushBlobs(ImageReference repository, List<Descriptor> blobs, String alsoIn, ExecContext progress)
            throws ExporterException {
        RegistryPush client = clients.apply(repository.registry());
        Semaphore slots = new Semaphore(CONCURRENT_BLOBS);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (Descriptor blob : blobs) {
            slots.acquireUninterruptibly();
            if (failure.get() != null || progress.cancelled()) {
                slots.release();
                break;
            }
            Optional<String> mountFrom = mountSource(repository, blob.digest(), alsoIn);
            running.add(CompletableFuture.runAsync(() -> {
                try {
                    client.pushBlob(repository, blob, blobFiles.apply(blob.digest()), mountFrom);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    slots.release();
                }
            }, executor));
        }
        running.forEach(CompletableFuture::join);
        if (failure.get() != null) {
            throw new ExporterException("failed to push " + repository.name() + ": " + failure.get().getMessage()
                    + " (no manifest was pushed, so no tag points at an incomplete image)", failure.get());
        }
        if (progress.cancelled()) {
            throw new CancellationException("the push to " + repository.name() + " was cancelled");
        }
    }

    /** A repository on the same registry that has the blob: where it was pulled from, else one pushed to already. */
    private Optional<String> mountSource(ImageReference repository, Digest blob, String alsoIn) {
        Optional<BlobSource> pulled = sources.source(blob);
        if (pulled.isPresent() && pulled.get().registry().equals(repository.registry())
                && !pulled.get().repository().equals(repository.repository())) {
            return Optional.of(pulled.get().repository());
        }
        return Optional.ofNullable(alsoIn);
    }
}
