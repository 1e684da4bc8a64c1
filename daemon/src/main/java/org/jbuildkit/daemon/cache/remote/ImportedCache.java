package org.jbuildkit.daemon.cache.remote;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jbuildkit.daemon.ops.SnapshotResult;
import org.jbuildkit.daemon.solver.CacheSource;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.worker.metadata.LayerBlob;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;

/**
 * One imported cache ({@code --import-cache}) as the solver asks it: which keys it has results for, each result's
 * layers (downloaded and unpacked only when a step or an exporter reads the result), and the content checksums
 * the exporting build computed, so a step that copies from another stage is matched without fetching that stage.
 */
public final class ImportedCache implements CacheSource {
    private final String name;
    private final CacheConfig config;
    private final CacheStorage storage;
    private final ImportedLayers layers;
    private final Map<Digest, CacheConfig.Record> records = new HashMap<>();
    private final Map<String, String> checksums = new HashMap<>();

    public ImportedCache(String name, CacheConfig config, CacheStorage storage, ImportedLayers layers) {
        this.name = name;
        this.config = config;
        this.storage = storage;
        this.layers = layers;
        for (CacheConfig.Record record : config.records()) {
            records.putIfAbsent(record.digest(), record);
        }
        for (CacheConfig.Record record : config.records()) {
            for (List<CacheConfig.Input> slot : record.inputs()) {
                for (CacheConfig.Input input : slot) {
                    if (!input.selector().isEmpty()) {
                        checksum(input).ifPresent(c -> checksums.put(c.getKey(), c.getValue()));
                    }
                }
            }
        }
    }

    /** What the cache is, for messages. */
    public String name() {
        return name;
    }

    /**
     * A content input is written as a link to a checksum record: its digest is the checksum, its one input the
     * step read, with the same selector.
     */
    private Optional<Map.Entry<String, String>> checksum(CacheConfig.Input input) {
        if (input.link() < 0 || input.link() >= config.records().size()) {
            return Optional.empty();
        }
        CacheConfig.Record sum = config.records().get(input.link());
        if (sum.inputs().size() != 1 || sum.inputs().get(0).size() != 1) {
            return Optional.empty();
        }
        CacheConfig.Input read = sum.inputs().get(0).get(0);
        if (!read.selector().equals(input.selector()) || read.link() < 0 || read.link() >= config.records().size()) {
            return Optional.empty();
        }
        Digest source = config.records().get(read.link()).digest();
        return Optional.of(Map.entry(source + "\n" + input.selector(), sum.digest().toString()));
    }

    @Override
    public boolean isEmpty() {
        return records.isEmpty();
    }

    @Override
    public Optional<Integer> outputs(String cacheKey) {
        int outputs = 0;
        while (hasResult(records.get(CacheRecordKeys.of(cacheKey, outputs)))) {
            outputs++;
        }
        return outputs == 0 ? Optional.empty() : Optional.of(outputs);
    }

    private static boolean hasResult(CacheConfig.Record record) {
        return record != null && (!record.results().isEmpty() || !record.chains().isEmpty());
    }

    @Override
    public ResultRef materialize(String cacheKey, int output, ExecContext context) throws Exception {
        CacheConfig.Record record = records.get(CacheRecordKeys.of(cacheKey, output));
        if (!hasResult(record)) {
            throw new IllegalStateException("the imported cache " + name + " has no result for output " + output
                    + " of " + cacheKey);
        }
        return new SnapshotResult(layers.unpack(layersOf(record), storage, context));
    }

    /** The layers of one output's result as the cache lists them, without fetching them. */
    public Optional<List<LayerBlob>> layers(String cacheKey, int output) {
        CacheConfig.Record record = records.get(CacheRecordKeys.of(cacheKey, output));
        if (!hasResult(record)) {
            return Optional.empty();
        }
        try {
            return Optional.of(layersOf(record));
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** Where this cache's blobs are read from. */
    CacheStorage storage() {
        return storage;
    }

    @Override
    public Optional<String> checksum(String cacheKey, long output, String selector) {
        return Optional.ofNullable(checksums.get(CacheRecordKeys.of(cacheKey, output) + "\n" + selector));
    }

    /** The result's layers, base first: the chain below its layer, or the explicit chain. */
    List<LayerBlob> layersOf(CacheConfig.Record record) {
        List<Integer> indexes = new ArrayList<>();
        if (!record.results().isEmpty()) {
            int at = record.results().get(0).layer();
            while (at >= 0) {
                if (indexes.size() > config.layers().size()) {
                    throw new IllegalStateException("the imported cache " + name + " has a cycle of layer parents");
                }
                indexes.add(at);
                at = config.layers().get(at).parent();
            }
            Collections.reverse(indexes);
        } else {
            indexes.addAll(record.chains().get(0).layers());
        }
        List<LayerBlob> chain = new ArrayList<>();
        for (int index : indexes) {
            CacheConfig.Layer layer = config.layers().get(index);
            CacheConfig.LayerAnnotations about = layer.annotations();
            if (about == null || about.diffId() == null || about.mediaType() == null) {
                throw new IllegalStateException("layer " + layer.blob() + " of the imported cache " + name
                        + " has no diffID or media type annotation; export the cache again");
            }
            chain.add(new LayerBlob(Descriptor.of(about.mediaType(), layer.blob(), about.size()), about.diffId()));
        }
        return chain;
    }
}
