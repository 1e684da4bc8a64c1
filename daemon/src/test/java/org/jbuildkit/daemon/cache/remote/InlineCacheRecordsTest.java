package org.jbuildkit.daemon.cache.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.daemon.cache.remote.CacheConfigJsonTest.d;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.MediaTypes;
import org.junit.jupiter.api.Test;

class InlineCacheRecordsTest {
    private static final Instant T1 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2024-01-02T00:00:00Z");

    private static CacheConfig.Layer layer(char blob, int parent) {
        return new CacheConfig.Layer(d(blob), parent, new CacheConfig.LayerAnnotations(MediaTypes.OCI_LAYER_GZIP,
                null, 1, null));
    }

    private static Descriptor image(char blob) {
        return Descriptor.of(MediaTypes.OCI_LAYER_GZIP, d(blob), 1);
    }

    private static CacheConfig.Record record(char key, List<CacheConfig.Result> results, List<List<CacheConfig.Input>>
            inputs) {
        return new CacheConfig.Record(d(key), results, List.of(), inputs);
    }

    @Test
    void resultsInTheImageBecomeImageLayerIndexesAndOthersAreDropped() {
        CacheConfig config = new CacheConfig(List.of(
                new CacheConfig.Layer(d('a'), -1, null),
                new CacheConfig.Layer(d('b'), 0, null),
                new CacheConfig.Layer(d('c'), -1, null),
                new CacheConfig.Layer(d('e'), 0, null)),
                List.of(
                        record('1', List.of(new CacheConfig.Result(0, T1)), List.of()),
                        record('2', List.of(new CacheConfig.Result(1, T1)), List.of(List.of(new CacheConfig.Input("",
                                0)))),
                        record('3', List.of(new CacheConfig.Result(3, T1)), List.of(List.of(new CacheConfig.Input("",
                                1)))),
                        record('4', List.of(new CacheConfig.Result(1, T1), new CacheConfig.Result(0, T2)),
                                List.of())));

        List<CacheConfig.Record> records = InlineCache.recordsForImage(config, List.of(image('a'), image('b')));

        assertThat(records).containsExactly(
                record('1', List.of(new CacheConfig.Result(0, T1)), List.of()),
                record('2', List.of(new CacheConfig.Result(1, T1)), List.of(List.of(new CacheConfig.Input("", 0)))),
                record('3', List.of(), List.of(List.of(new CacheConfig.Input("", 1)))),
                record('4', List.of(new CacheConfig.Result(0, T2)), List.of()));
    }

    @Test
    void aResultNotAtTheImagesBaseIsAChainOfImageIndexes() {
        CacheConfig config = new CacheConfig(List.of(new CacheConfig.Layer(d('a'), -1, null),
                new CacheConfig.Layer(d('b'), 0, null)),
                List.of(record('1', List.of(new CacheConfig.Result(1, T1)), List.of())));

        List<CacheConfig.Record> records = InlineCache.recordsForImage(config, List.of(image('f'), image('a'),
                image('b')));

        assertThat(records).containsExactly(new CacheConfig.Record(d('1'), List.of(),
                List.of(new CacheConfig.Chain(List.of(1, 2), T1)), List.of()));
    }

    @Test
    void aRecompressedImageLayerMatchesByDiffId() {
        CacheConfig config = new CacheConfig(List.of(new CacheConfig.Layer(d('a'), -1,
                new CacheConfig.LayerAnnotations(MediaTypes.OCI_LAYER_GZIP, d('9'), 5, null))),
                List.of(record('1', List.of(new CacheConfig.Result(0, T1)), List.of())));
        Descriptor zstd = Descriptor.of(MediaTypes.OCI_LAYER_ZSTD, d('f'), 4)
                .withAnnotations(Map.of(CacheManifests.UNCOMPRESSED, d('9').toString()));

        assertThat(InlineCache.recordsForImage(config, List.of(zstd)))
                .containsExactly(record('1', List.of(new CacheConfig.Result(0, T1)), List.of()));
    }

    @Test
    void recordsForImageDecodeBackFromTheImageConfig() {
        CacheConfig config = new CacheConfig(List.of(layer('a', -1), layer('b', 0)),
                List.of(record('1', List.of(new CacheConfig.Result(1, T1)), List.of())));
        List<Descriptor> imageLayers = List.of(image('a'), image('b'));
        String value = InlineCache.encode(InlineCache.recordsForImage(config, imageLayers));
        byte[] imageConfig = ("{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + d('b') + "\",\"" + d('c')
                + "\"]},\"" + InlineCache.CONFIG_KEY + "\":\"" + value + "\"}").getBytes();

        InlineCache.InlineCacheConfig inline = InlineCache.decode(imageLayers, imageConfig, "app").orElseThrow();

        assertThat(inline.config().records()).isEqualTo(config.records());
        assertThat(inline.config().chain(1)).containsExactly(0, 1);
    }
}
