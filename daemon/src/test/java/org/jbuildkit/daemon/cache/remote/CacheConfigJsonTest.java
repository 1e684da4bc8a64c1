package org.jbuildkit.daemon.cache.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.jbuildkit.registry.image.Digest;
import org.junit.jupiter.api.Test;

class CacheConfigJsonTest {
    static final Instant T = Instant.parse("2024-05-06T07:08:09Z");

    static Digest d(char c) {
        return Digest.parse("sha256:" + String.valueOf(c).repeat(64));
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = CacheConfigJsonTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    /** The config that cacheconfig-golden.json was written for by hand, the way Go's encoding/json prints it. */
    static CacheConfig golden() {
        return new CacheConfig(List.of(
                new CacheConfig.Layer(d('a'), -1, null),
                new CacheConfig.Layer(d('b'), 0, null),
                new CacheConfig.Layer(d('c'), 1, new CacheConfig.LayerAnnotations(
                        "application/vnd.oci.image.layer.v1.tar+gzip", d('d'), 1234, Instant.parse(
                        "2024-05-06T07:08:09.123400Z"))),
                new CacheConfig.Layer(d('e'), -1, new CacheConfig.LayerAnnotations(
                        "application/vnd.oci.image.layer.v1.tar", null, 0, null))),
                List.of(
                        new CacheConfig.Record(d('1'), List.of(), List.of(), List.of()),
                        new CacheConfig.Record(d('2'), List.of(new CacheConfig.Result(1, T)), List.of(),
                                List.of(List.of(new CacheConfig.Input("", 0)))),
                        new CacheConfig.Record(d('3'), List.of(new CacheConfig.Result(2, null)),
                                List.of(new CacheConfig.Chain(List.of(0, 3), T.plusNanos(1))),
                                List.of(List.of(new CacheConfig.Input("sha256:" + "4".repeat(64), 1),
                                        new CacheConfig.Input("<path>&\"q\"", 0)),
                                        List.of(new CacheConfig.Input("", 1))))));
    }

    @Test
    void writesTheBytesGoPrintsParentZeroOmittedZeroTimeAndHtmlEscaped() throws IOException {
        assertThat(new String(CacheConfigJson.write(golden()), StandardCharsets.UTF_8))
                .isEqualTo(new String(resource("cacheconfig-golden.json"), StandardCharsets.UTF_8));
    }

    @Test
    void readsTheGoldenFileBackToTheSameConfig() throws IOException {
        assertThat(CacheConfigJson.read(resource("cacheconfig-golden.json"), "golden")).isEqualTo(golden());
    }

    @Test
    void aConfigBuildxPushedReadsAndWritesBackByteForByte() {
        // A cache config as BuildKit pushed it (kept by a registry's tests for BuildKit cache indexes).
        String upstream = "{\"layers\":[{\"blob\":\"sha256:136482bf81d1fa351b424ebb8c7e34d15f2c5ed3fc0b66b544b8312bda3d"
                + "52d9\",\"parent\":-1},{\"blob\":\"sha256:cc28e5fb26aec14963e8cf2987c137b84755a031068ea9284631a308dc"
                + "087b35\"}],\"records\":[{\"digest\":\"sha256:16a28dbbe0151c1ab102d9414f78aa338627df3ce3c450905cd36"
                + "d41b3e3d08e\"},{\"digest\":\"sha256:ef9770ef24f7942c1ccbbcac2235d9c0fbafc80d3af78ca0b483886adeac8960"
                + "\"}]}";
        CacheConfig config = CacheConfigJson.read(upstream.getBytes(StandardCharsets.UTF_8), "upstream");
        assertThat(config.layers().get(1).parent()).isZero();
        assertThat(new String(CacheConfigJson.write(config), StandardCharsets.UTF_8)).isEqualTo(upstream);
    }

    @Test
    void anEmptyConfigIsAnEmptyObject() {
        assertThat(new String(CacheConfigJson.write(new CacheConfig(List.of(), List.of())), StandardCharsets.UTF_8))
                .isEqualTo("{}");
    }

    @Test
    void aMissingParentIsZeroAndUnknownFieldsAreIgnored() {
        String json = "{\"layers\":[{\"blob\":\"" + d('a') + "\",\"parent\":-1,\"x\":1},{\"blob\":\"" + d('b')
                + "\",\"future\":{\"a\":[1]}}],\"records\":[{\"digest\":\"" + d('1') + "\",\"layers\":[{\"layer\":1,"
                + "\"createdAt\":\"2024-05-06T09:08:09.5+02:00\"}]}],\"extra\":true}";
        CacheConfig config = CacheConfigJson.read(json.getBytes(StandardCharsets.UTF_8), "test");
        assertThat(config.layers().get(1).parent()).isZero();
        assertThat(config.records().get(0).results().get(0).createdAt())
                .isEqualTo(Instant.parse("2024-05-06T07:08:09.5Z"));
        assertThat(config.chain(1)).containsExactly(0, 1);
    }

    @Test
    void aParentOutOfRangeIsNamed() {
        String json = "{\"layers\":[{\"blob\":\"" + d('a') + "\",\"parent\":5}]}";
        assertThatThrownBy(() -> CacheConfigJson.read(json.getBytes(StandardCharsets.UTF_8), "cache config X"))
                .isInstanceOf(CacheFormatException.class)
                .hasMessageContaining("layer 0 has parent 5, out of range");
    }

    @Test
    void aParentCycleIsRefused() {
        String json = "{\"layers\":[{\"blob\":\"" + d('a') + "\",\"parent\":1},{\"blob\":\"" + d('b') + "\"}]}";
        assertThatThrownBy(() -> CacheConfigJson.read(json.getBytes(StandardCharsets.UTF_8), "c"))
                .isInstanceOf(CacheFormatException.class)
                .hasMessageContaining("is its own ancestor");
    }

    @Test
    void aResultLayerOutOfRangeIsNamed() {
        String json = "{\"layers\":[{\"blob\":\"" + d('a') + "\",\"parent\":-1}],\"records\":[{\"digest\":\""
                + d('1') + "\",\"layers\":[{\"layer\":3}]}]}";
        assertThatThrownBy(() -> CacheConfigJson.read(json.getBytes(StandardCharsets.UTF_8), "c"))
                .hasMessageContaining("record 0 result 0 names layer 3, out of range: there are 1 layers");
    }

    @Test
    void aChainLayerOutOfRangeIsNamed() {
        String json = "{\"records\":[{\"digest\":\"" + d('1') + "\",\"chains\":[{\"layers\":[0]}]}]}";
        assertThatThrownBy(() -> CacheConfigJson.read(json.getBytes(StandardCharsets.UTF_8), "c"))
                .hasMessageContaining("record 0 chain 0 names layer 0, out of range");
    }

    @Test
    void aLinkOutOfRangeIsNamed() {
        String json = "{\"records\":[{\"digest\":\"" + d('1') + "\",\"inputs\":[[{\"link\":7}]]}]}";
        assertThatThrownBy(() -> CacheConfigJson.read(json.getBytes(StandardCharsets.UTF_8), "c"))
                .hasMessageContaining("record 0 input 0 links to record 7, out of range: there are 1 records");
    }

    @Test
    void aLinkLoopIsRefused() {
        String json = "{\"records\":[{\"digest\":\"" + d('1') + "\",\"inputs\":[[{\"link\":1}]]},{\"digest\":\""
                + d('2') + "\",\"inputs\":[[{\"link\":0}]]}]}";
        assertThatThrownBy(() -> CacheConfigJson.read(json.getBytes(StandardCharsets.UTF_8), "c"))
                .hasMessageContaining("links to itself through its inputs");
    }

    @Test
    void anEmptyInputSlotIsWrittenAsNullAndRefusedOnRead() {
        CacheConfig config = new CacheConfig(List.of(), List.of(new CacheConfig.Record(d('1'), List.of(), List.of(),
                List.of(List.of()))));
        byte[] json = CacheConfigJson.write(config);
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"records\":[{\"digest\":\"" + d('1')
                + "\",\"inputs\":[null]}]}");
        assertThatThrownBy(() -> CacheConfigJson.read(json, "c")).hasMessageContaining("record 0 input 0 has no links");
    }

    @Test
    void badValuesNameTheirPlace() {
        assertThatThrownBy(() -> CacheConfigJson.read("{\"layers\":[{\"blob\":\"sha256:xyz\"}]}".getBytes(), "c"))
                .hasMessageContaining("c: layer 0 blob is not a digest");
        assertThatThrownBy(() -> CacheConfigJson.read(("{\"layers\":[{\"blob\":\"" + d('a')
                + "\",\"parent\":1.5}]}").getBytes(), "c")).hasMessageContaining("layer 0 parent is not an integer");
        assertThatThrownBy(() -> CacheConfigJson.read(("{\"records\":[{\"digest\":\"" + d('1')
                + "\",\"layers\":[{\"layer\":0,\"createdAt\":\"yesterday\"}]}]}").getBytes(), "c"))
                .hasMessageContaining("record 0 result 0 createdAt is not an RFC 3339 time");
        assertThatThrownBy(() -> CacheConfigJson.read("[1]".getBytes(), "c")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> CacheConfigJson.read("{".getBytes(), "c")).hasMessageContaining("not valid JSON");
    }

    @Test
    void recordsAloneAreAnArrayAndNoRecordsAreNull() {
        assertThat(new String(CacheConfigJson.writeRecords(List.of()), StandardCharsets.UTF_8)).isEqualTo("null");
        List<CacheConfig.Record> records = golden().records();
        assertThat(CacheConfigJson.readRecords(CacheConfigJson.writeRecords(records), "r")).isEqualTo(records);
    }

    @Test
    void timesPrintAsGoPrintsThem() {
        assertThat(GoJson.formatTime(Instant.parse("2024-01-02T03:04:05Z"))).isEqualTo("2024-01-02T03:04:05Z");
        assertThat(GoJson.formatTime(Instant.parse("2024-01-02T03:04:05.120Z"))).isEqualTo("2024-01-02T03:04:05.12Z");
        assertThat(GoJson.formatTime(Instant.parse("2024-01-02T03:04:05.000000789Z")))
                .isEqualTo("2024-01-02T03:04:05.000000789Z");
        assertThat(GoJson.formatTime(null)).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(GoJson.parseTime("0001-01-01T00:00:00Z", "t")).isNull();
    }

    @Test
    void stringsEscapeAsGoDoes() {
        StringBuilder out = new StringBuilder();
        GoJson.string(out, "a\u0001\b\f\n\u2028<>&\\\"é\uD83D\uDE00\uD800");
        assertThat(out.toString()).isEqualTo("\"a\\u0001\\b\\f\\n\\u2028\\u003c\\u003e\\u0026\\\\\\\"é\uD83D\uDE00"
                + "\\ufffd\"");
    }
}
