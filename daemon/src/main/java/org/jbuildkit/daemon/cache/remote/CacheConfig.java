package org.jbuildkit.daemon.cache.remote;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jbuildkit.registry.image.Digest;

/**
 * A remote cache's config ({@code application/vnd.buildkit.cacheconfig.v0}, upstream's {@code CacheConfig}): the
 * layer blobs, each with its parent, and the cache records (cache keys) with the layers that hold their results and
 * the records their inputs link to. Indexes point into {@link #layers} and {@link #records}.
 */
public record CacheConfig(List<Layer> layers, List<Record> records) {

    public CacheConfig {
        layers = List.copyOf(layers);
        records = List.copyOf(records);
    }

    /**
     * One layer blob; with its parents it makes a snapshot chain.
     *
     * @param parent the parent layer's index, {@code -1} for a base layer
     * @param annotations what the blob is, or null when the config does not say (upstream's registry cache keeps
     *        that in the manifest's layer descriptors instead)
     */
    public record Layer(Digest blob, int parent, LayerAnnotations annotations) {
        public Layer {
            Objects.requireNonNull(blob, "blob");
        }

        public Layer withAnnotations(LayerAnnotations value) {
            return new Layer(blob, parent, value);
        }
    }

    /**
     * What a layer blob is.
     *
     * @param diffId the uncompressed digest, or null when unknown
     * @param createdAt when the layer was made, or null (Go's zero time)
     */
    public record LayerAnnotations(String mediaType, Digest diffId, long size, Instant createdAt) {
    }

    /**
     * One cache key.
     *
     * @param results results as the top layer of a chain ({@code layers} in the JSON)
     * @param chains results as explicit layer lists
     * @param inputs per input slot, the alternative records that slot links to; a record with neither results nor
     *        chains is an intermediate key
     */
    public record Record(Digest digest, List<Result> results, List<Chain> chains, List<List<Input>> inputs) {
        public Record {
            Objects.requireNonNull(digest, "digest");
            results = List.copyOf(results);
            chains = List.copyOf(chains);
            inputs = inputs.stream().map(List::copyOf).toList();
        }
    }

    /** A result: the layer at {@code layer} with all its parents. {@code createdAt} null = Go's zero time. */
    public record Result(int layer, Instant createdAt) {
    }

    /** A result as an explicit list of layer indexes, base first. {@code createdAt} null = Go's zero time. */
    public record Chain(List<Integer> layers, Instant createdAt) {
        public Chain {
            layers = List.copyOf(layers);
        }
    }

    /** A link from an input slot to the record at index {@code link}; {@code selector} may be empty. */
    public record Input(String selector, int link) {
        public Input {
            selector = selector == null ? "" : selector;
        }
    }

    /** The same config without layer annotations, as upstream writes the config blob of a registry or local cache. */
    public CacheConfig withoutLayerAnnotations() {
        return new CacheConfig(layers.stream().map(l -> l.withAnnotations(null)).toList(), records);
    }

    /**
     * The same cache in upstream's canonical order (its {@code sortConfig}): layers by blob digest then parent,
     * records by digest then inputs, every index remapped. Write a config sorted so its bytes match upstream's.
     * Expects a {@linkplain #validate() valid} config.
     */
    public CacheConfig sorted() {
        return CacheConfigSorter.sort(this);
    }

    /** The layer indexes of the chain ending at {@code top}, base first. */
    public List<Integer> chain(int top) {
        List<Integer> chain = new ArrayList<>();
        for (int i = top; i != -1; i = layers.get(i).parent()) {
            if (i < 0 || i >= layers.size() || chain.size() > layers.size()) {
                throw new CacheFormatException("layer chain from " + top + " is broken at index " + i);
            }
            chain.add(0, i);
        }
        return chain;
    }

    /**
     * Checks every index: parents, result layers, chain layers and input links in range, no parent cycles and no
     * record linking to itself through its inputs.
     *
     * @throws CacheFormatException naming the first index at fault
     */
    public CacheConfig validate() {
        CacheConfigValidator.validate(this);
        return this;
    }
}
