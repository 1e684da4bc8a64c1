package org.jbuildkit.daemon.cache.remote;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jbuildkit.daemon.ops.SnapshotResult;
import org.jbuildkit.daemon.solver.BuildStep;
import org.jbuildkit.daemon.solver.SolveJob;
import org.jbuildkit.daemon.worker.metadata.LayerBlob;
import org.jbuildkit.registry.image.Digest;

/**
 * A finished build's steps as a cache config (upstream's cacheconfig.v0): one record per step output, linked to
 * the records of the outputs it read; a content-based input links to a checksum record (digest = the checksum, one
 * input = what was read, same selector), which lets an importer match the step without the input's files.
 * {@code mode=max} gives every step that has a result its layers; {@code mode=min} only the build's result.
 */
public final class CacheChains {

    /** Reads the layer blobs of a result's snapshot chain (made or reused in the content store). */
    @FunctionalInterface
    public interface LayerSource {
        List<LayerBlob> layers(SnapshotResult result) throws IOException;
    }

    /**
     * The layers of a step output known without reading its result: an imported cache's, which a build that
     * imports and exports again writes back without downloading them.
     */
    @FunctionalInterface
    public interface KnownLayers {
        KnownLayers NONE = (key, output) -> Optional.empty();

        Optional<List<LayerBlob>> layers(String cacheKey, int output);
    }

    /** The config and, in order, the distinct layer blobs it names. */
    public record Built(CacheConfig config, List<LayerBlob> blobs) {
        public Built {
            blobs = List.copyOf(blobs);
        }
    }

    private final Map<String, BuildStep> byKey = new HashMap<>();
    private final List<CacheConfig.Record> records = new ArrayList<>();
    private final Map<String, Integer> recordIndex = new HashMap<>();
    private final List<CacheConfig.Layer> layers = new ArrayList<>();
    private final Map<String, Integer> layerIndex = new HashMap<>();
    private final Map<Digest, LayerBlob> blobs = new LinkedHashMap<>();
    private final LayerSource layerSource;
    private final KnownLayers knownLayers;
    private final Instant now;
    private final boolean max;
    private final String headKey;
    private final long headOutput;

    private CacheChains(SolveJob job, boolean max, LayerSource layerSource, KnownLayers known, Instant now) {
        job.steps().forEach(step -> byKey.put(step.key(), step));
        this.max = max;
        this.layerSource = layerSource;
        this.knownLayers = known;
        this.now = now;
        this.headKey = job.head().map(BuildStep::key).orElse(null);
        this.headOutput = job.headOutput();
    }

    /** The cache of {@code job}; {@code max} for {@code mode=max}. A build of scratch has an empty config. */
    public static Built of(SolveJob job, boolean max, LayerSource layers, Instant now) throws IOException {
        return of(job, max, layers, KnownLayers.NONE, now);
    }

    /** As above; results {@code known} has layers for are taken from there instead of being read. */
    public static Built of(SolveJob job, boolean max, LayerSource layers, KnownLayers known, Instant now)
            throws IOException {
        CacheChains chains = new CacheChains(job, max, layers, known, now);
        chains.addAll(job);
        return new Built(new CacheConfig(chains.layers, chains.records), List.copyOf(chains.blobs.values()));
    }

    private void addAll(SolveJob job) throws IOException {
        if (headKey == null) {
            return;
        }
        record(headKey, headOutput);
        if (max) {
            for (BuildStep step : job.steps()) {
                OptionalInt outputs = step.outputs();
                for (int output = 0; outputs.isPresent() && output < outputs.getAsInt(); output++) {
                    record(step.key(), output);
                }
            }
        }
    }

    /** The index of the record of one step output, added (with what it links to) if new. */
    private int record(String key, long output) throws IOException {
        String id = key + "@" + output;
        Integer known = recordIndex.get(id);
        if (known != null) {
            return known;
        }
        BuildStep step = byKey.get(key);
        List<List<CacheConfig.Input>> inputs = new ArrayList<>();
        for (BuildStep.Input input : step == null ? List.<BuildStep.Input>of() : step.inputs()) {
            int link = record(input.key(), input.output());
            if (input.checksum().isPresent()) {
                String selector = input.selector().orElse("");
                int sum = add(Digest.parse(input.checksum().get()), List.of(),
                        List.of(List.of(new CacheConfig.Input(selector, link))));
                inputs.add(List.of(new CacheConfig.Input(selector, sum)));
            } else {
                inputs.add(List.of(new CacheConfig.Input("", link)));
            }
        }
        List<CacheConfig.Result> results = List.of();
        if (step != null && wantsResult(key, output) && exportable(step) && readable(step, output)) {
            Optional<List<LayerBlob>> imported = knownLayers.layers(key, (int) output);
            if (imported.isPresent()) {
                results = List.of(new CacheConfig.Result(layer(imported.get()), now));
            } else if (step.result((int) output) instanceof SnapshotResult snapshot) {
                results = List.of(new CacheConfig.Result(layer(layerSource.layers(snapshot)), now));
            }
        }
        int index = add(CacheRecordKeys.of(key, output), results, inputs);
        recordIndex.put(id, index);
        return index;
    }

    private boolean wantsResult(String key, long output) {
        return max || key.equals(headKey) && output == headOutput;
    }

    /**
     * A local source's result is the client's files as one session sent them: its key never matches another build,
     * so only its record (which the steps reading it link to) is exported; an op marked {@code export_cache=false}
     * keeps its result to itself too.
     */
    private static boolean exportable(BuildStep step) {
        var metadata = step.vertex().metadata();
        if (metadata.hasExportCache() && !metadata.getExportCache().getValue()) {
            return false;
        }
        var op = step.vertex().op();
        return !(op.hasSource() && op.getSource().getIdentifier().startsWith("local://"));
    }

    private static boolean readable(BuildStep step, long output) {
        OptionalInt outputs = step.outputs();
        return outputs.isPresent() && output < outputs.getAsInt();
    }

    private int add(Digest digest, List<CacheConfig.Result> results, List<List<CacheConfig.Input>> inputs) {
        records.add(new CacheConfig.Record(digest, results, List.of(), inputs));
        return records.size() - 1;
    }

    /** The index of the top layer of a chain, each layer entered once per parent. */
    private int layer(List<LayerBlob> chain) {
        int parent = -1;
        for (LayerBlob blob : chain) {
            String id = blob.blob().digest() + "<" + parent;
            Integer known = layerIndex.get(id);
            if (known == null) {
                layers.add(new CacheConfig.Layer(blob.blob().digest(), parent, new CacheConfig.LayerAnnotations(
                        blob.blob().mediaType(), blob.diffId(), blob.blob().size(), null)));
                known = layers.size() - 1;
                layerIndex.put(id, known);
                blobs.putIfAbsent(blob.blob().digest(), blob);
            }
            parent = known;
        }
        return parent;
    }
}
