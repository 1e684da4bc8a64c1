package org.jbuildkit.daemon.cache.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jbuildkit.daemon.cache.remote.CacheConfigJsonTest.d;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.MediaTypes;
import org.junit.jupiter.api.Test;

class InlineCacheTest {
    private static final List<CacheConfig.Record> RECORDS = List.of(
            new CacheConfig.Record(d('1'), List.of(new CacheConfig.Result(0, null)), List.of(), List.of()),
            new CacheConfig.Record(d('2'), List.of(new CacheConfig.Result(1, CacheConfigJsonTest.T)), List.of(),
                    List.of(List.of(new CacheConfig.Input("", 0)))));
    private static final List<Descriptor> LAYERS = List.of(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, d('a'), 10),
            Descriptor.of(MediaTypes.OCI_LAYER_GZIP, d('b'), 20));

    private static byte[] imageConfig(String cache) {
        return ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + d('d') + "\",\"" + d('e') + "\"]},\"history\":[{\"created\":\"2024-05-06T07:08:09Z\","
                + "\"created_by\":\"ADD rootfs\"},{\"created\":\"2024-05-06T07:09:00Z\",\"created_by\":\"ENV A=1\","
                + "\"empty_layer\":true},{\"created\":\"2024-05-06T07:10:00.25Z\",\"created_by\":\"RUN make\"}]"
                + (cache == null ? "" : ",\"" + InlineCache.CONFIG_KEY + "\":\"" + cache + "\"") + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void encodeIsBase64OfTheRecordsArray() {
        String value = InlineCache.encode(RECORDS);
        assertThat(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8))
                .isEqualTo("[{\"layers\":[{\"layer\":0,\"createdAt\":\"0001-01-01T00:00:00Z\"}],\"digest\":\"" + d('1')
                        + "\"},{\"layers\":[{\"layer\":1,\"createdAt\":\"2024-05-06T07:08:09Z\"}],\"digest\":\""
                        + d('2') + "\",\"inputs\":[[{\"link\":0}]]}]");
    }

    @Test
    void decodeRebuildsTheLayersFromTheManifestDiffIdsAndHistory() {
        InlineCache.InlineCacheConfig inline = InlineCache.decode(LAYERS, imageConfig(InlineCache.encode(RECORDS)),
                "app:1").orElseThrow();
        assertThat(inline.config().records()).isEqualTo(RECORDS);
        assertThat(inline.config().layers()).containsExactly(
                new CacheConfig.Layer(d('a'), -1, new CacheConfig.LayerAnnotations(MediaTypes.OCI_LAYER_GZIP, d('d'),
                        10, Instant.parse("2024-05-06T07:08:09Z"))),
                new CacheConfig.Layer(d('b'), 0, new CacheConfig.LayerAnnotations(MediaTypes.OCI_LAYER_GZIP, d('e'),
                        20, Instant.parse("2024-05-06T07:10:00.25Z"))));
        assertThat(inline.layers().get(1).annotations())
                .containsEntry(CacheManifests.UNCOMPRESSED, d('e').toString())
                .containsEntry(CacheManifests.CREATED_AT, "2024-05-06T07:10:00.25Z")
                .containsEntry(CacheManifests.DESCRIPTION, "RUN make");
    }

    /** moby.buildkit.cache.v0 of an image BuildKit pushed (a Dockerfile with FROM busybox, RUN, CMD). */
    private static final String UPSTREAM_VALUE =
            "W3siZGlnZXN0Ijoic2hhMjU2OjBhMDNhMjBmMDY1M2I5MDVkMDA3ZmZmMDUzZGRiZjAyNGRiMTY0ODAwMTdhODU0ZmE5Y2I0ZDYx" +
            "OTI0NTc4NzEifSx7ImRpZ2VzdCI6InNoYTI1Njo3MGQ4MGQzMjQ0YThkZDU1MTA0MzNhOTRkZDFlZmFjOGQyMDMyNjYyMmVhMmYx" +
            "MzdhOGQwZjgxMzgwZTYxZGNiIn0seyJsYXllcnMiOlt7ImxheWVyIjoxLCJjcmVhdGVkQXQiOiIyMDI1LTA4LTEzVDEwOjQ5OjE5" +
            "LjQ1NTAxNzg5NVoifV0sImRpZ2VzdCI6InNoYTI1NjpiNzc4NjcxMWNiNWQzOTA3NGMzZGYyNzU0YTE0MmNlOWRhMTE0NTM3OWU4" +
            "MGJhZTlkN2EyMGE4MGMyYjBkMjhkIiwiaW5wdXRzIjpbW3sic2VsZWN0b3IiOiJzaGEyNTY6OGE1ZWRhYjI4MjYzMjQ0MzIxOWUw" +
            "NTFlNGFkZTJkMWQ1YmJjNjcxYzc4MTA1MWJmMTQzNzg5N2NiZGZlYTBmMSIsImxpbmsiOjB9LHsic2VsZWN0b3IiOiJzaGEyNTY6" +
            "OGE1ZWRhYjI4MjYzMjQ0MzIxOWUwNTFlNGFkZTJkMWQ1YmJjNjcxYzc4MTA1MWJmMTQzNzg5N2NiZGZlYTBmMSIsImxpbmsiOjF9" +
            "XV19XQ==";

    @Test
    void anInlineCacheBuildKitWroteDecodesAndEncodesBackByteForByte() {
        byte[] json = Base64.getDecoder().decode(UPSTREAM_VALUE);
        List<CacheConfig.Record> records = CacheConfigJson.readRecords(json, "upstream");
        assertThat(records).hasSize(3);
        assertThat(records.get(2).results().get(0).createdAt()).isEqualTo(Instant.parse(
                "2025-08-13T10:49:19.455017895Z"));
        assertThat(records.get(2).inputs().get(0)).extracting(CacheConfig.Input::link).containsExactly(0, 1);
        assertThat(InlineCache.encode(records)).isEqualTo(UPSTREAM_VALUE);
    }

    @Test
    void anImageWithoutTheKeyHasNoInlineCache() {
        assertThat(InlineCache.decode(LAYERS, imageConfig(null), "app:1")).isEmpty();
    }

    @Test
    void brokenInlineCacheIsNamed() {
        assertThatThrownBy(() -> InlineCache.decode(LAYERS, imageConfig("***"), "app:1"))
                .hasMessageContaining("moby.buildkit.cache.v0 in the image config of app:1 is not valid base64");
        assertThatThrownBy(() -> InlineCache.decode(LAYERS.subList(0, 1), imageConfig(InlineCache.encode(RECORDS)),
                "app:1")).hasMessageContaining("has 1 layers but its config lists 2 rootfs.diff_ids");
        String outOfRange = InlineCache.encode(List.of(new CacheConfig.Record(d('1'),
                List.of(new CacheConfig.Result(5, null)), List.of(), List.of())));
        assertThatThrownBy(() -> InlineCache.decode(LAYERS, imageConfig(outOfRange), "app:1"))
                .hasMessageContaining("inline cache of app:1: cache config record 0 result 0 names layer 5");
    }
}
