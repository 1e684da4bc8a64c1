package org.jbuildkit.daemon.cache.remote;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;

/**
 * A build's cache limited to one image's layers, as upstream's inline exporter ({@code ExportForLayers}) writes it:
 * each record keeps its newest result whose layers are all in the image, as the top image layer index when the
 * result is a prefix of the image's layers, else as a chain of image layer indexes; results the image lacks a
 * layer for are dropped, records are kept (intermediate keys) and put in upstream's order.
 */
final class InlineCacheRecords {
    private InlineCacheRecords() {
    }

    static List<CacheConfig.Record> forImage(CacheConfig config, List<Descriptor> imageLayers) {
        List<List<Integer>> imageIndexesOfLayer = new ArrayList<>();
        for (CacheConfig.Layer layer : config.layers()) {
            List<Integer> matches = new ArrayList<>();
            for (int i = 0; i < imageLayers.size(); i++) {
                if (matches(layer, imageLayers.get(i))) {
                    matches.add(i);
                }
            }
            imageIndexesOfLayer.add(matches);
        }
        List<CacheConfig.Record> records = new ArrayList<>();
        for (CacheConfig.Record record : config.records()) {
            List<CacheConfig.Result> results = new ArrayList<>();
            List<CacheConfig.Chain> chains = new ArrayList<>();
            best(config, record, imageIndexesOfLayer).ifPresent(chosen -> {
                List<Integer> layers = chosen.layers();
                boolean prefix = layers.size() <= imageLayers.size();
                for (int k = 0; prefix && k < layers.size(); k++) {
                    prefix = imageIndexesOfLayer.get(layers.get(k)).contains(k);
                }
                if (prefix) {
                    results.add(new CacheConfig.Result(layers.size() - 1, chosen.createdAt()));
                } else {
                    List<Integer> indexes = layers.stream().map(l -> last(imageIndexesOfLayer.get(l))).toList();
                    chains.add(new CacheConfig.Chain(indexes, chosen.createdAt()));
                }
            });
            records.add(new CacheConfig.Record(record.digest(), results, chains, record.inputs()));
        }
        return CacheConfigSorter.sortRecords(records, IntUnaryOperator.identity());
    }

    /** The image layer matches by blob, or (as upstream's fallback for uncompressed blobs) by diffID. */
    private static boolean matches(CacheConfig.Layer layer, Descriptor imageLayer) {
        if (layer.blob().equals(imageLayer.digest())) {
            return true;
        }
        Digest diffId = layer.annotations() != null ? layer.annotations().diffId() : null;
        if (diffId == null) {
            return false;
        }
        String imageDiffId = imageLayer.annotations().get(CacheManifests.UNCOMPRESSED);
        return diffId.equals(imageLayer.digest()) || diffId.toString().equals(imageDiffId);
    }

    /** The record's newest result (zero times oldest) whose every layer is in the image, as config layer indexes. */
    private static Optional<CacheConfig.Chain> best(CacheConfig config, CacheConfig.Record record,
            List<List<Integer>> imageIndexesOfLayer) {
        List<CacheConfig.Chain> candidates = new ArrayList<>();
        record.results().forEach(r -> candidates.add(new CacheConfig.Chain(config.chain(r.layer()), r.createdAt())));
        candidates.addAll(record.chains());
        CacheConfig.Chain best = null;
        for (CacheConfig.Chain c : candidates) {
            boolean available = !c.layers().isEmpty()
                    && c.layers().stream().allMatch(l -> !imageIndexesOfLayer.get(l).isEmpty());
            if (available && (best == null || time(c.createdAt()).isAfter(time(best.createdAt())))) {
                best = c;
            }
        }
        return Optional.ofNullable(best);
    }

    private static Instant time(Instant createdAt) {
        return createdAt == null ? Instant.MIN : createdAt;
    }

    private static int last(List<Integer> indexes) {
        return indexes.get(indexes.size() - 1);
    }
}
