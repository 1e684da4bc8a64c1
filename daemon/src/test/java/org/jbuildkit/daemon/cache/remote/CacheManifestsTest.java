package org.jbuildkit.daemon.cache.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jbuildkit.daemon.cache.remote.CacheConfigJsonTest.d;
import static org.jbuildkit.daemon.cache.remote.CacheConfigJsonTest.resource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.MediaTypes;
import org.junit.jupiter.api.Test;

class CacheManifestsTest {
    private static final String GZIP = MediaTypes.OCI_LAYER_GZIP;

    /** Two layers with their annotations, one record: what the golden manifests were written for. */
    static CacheConfig config(String mediaType) {
        return new CacheConfig(List.of(
                new CacheConfig.Layer(d('a'), -1, new CacheConfig.LayerAnnotations(mediaType, d('d'), 100,
                        Instant.parse("2024-05-06T07:08:09.5Z"))),
                new CacheConfig.Layer(d('b'), 0, new CacheConfig.LayerAnnotations(mediaType, d('e'), 200, null))),
                List.of(new CacheConfig.Record(d('1'), List.of(new CacheConfig.Result(1,
                        CacheConfigJsonTest.T)), List.of(), List.of())));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void imageManifestFormIsAnOciManifestWithTheConfigAsConfig() throws IOException {
        BuiltCacheManifest built = CacheManifests.build(config(GZIP), true, true);
        assertThat(built.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(text(built.configBlob())).isEqualTo(text(resource("cache-config-blob.json")));
        assertThat(text(built.manifest())).isEqualTo(text(resource("cache-image-manifest.json")));
        assertThat(built.config()).isEqualTo(Descriptor.of(CacheManifests.CACHE_CONFIG_MEDIA_TYPE,
                Digest.sha256(built.configBlob()), built.configBlob().length));
    }

    @Test
    void indexFormListsTheLayersThenTheConfig() throws IOException {
        assertThat(text(CacheManifests.build(config(GZIP), true, false).manifest()))
                .isEqualTo(text(resource("cache-oci-index.json")));
    }

    @Test
    void withoutOciMediaTypesItIsADockerManifestListWithDockerLayerTypes() throws IOException {
        BuiltCacheManifest built = CacheManifests.build(config(GZIP), false, false);
        assertThat(built.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
        assertThat(text(built.manifest())).isEqualTo(text(resource("cache-docker-list.json")));
    }

    @Test
    void imageManifestWithoutOciMediaTypesIsRefused() {
        assertThatThrownBy(() -> CacheManifests.build(config(GZIP), false, true))
                .hasMessageContaining("image-manifest=true needs OCI media types");
    }

    @Test
    void aConfigWithoutLayersOrALayerWithoutAMediaTypeIsRefused() {
        assertThatThrownBy(() -> CacheManifests.build(new CacheConfig(List.of(), List.of()), true, true))
                .hasMessageContaining("no layers");
        CacheConfig bare = new CacheConfig(List.of(new CacheConfig.Layer(d('a'), -1, null)), List.of());
        assertThatThrownBy(() -> CacheManifests.build(bare, true, true)).hasMessageContaining("cache layer 0");
    }

    @Test
    void layerTypesConvertBetweenFamilies() {
        assertThat(CacheManifests.layerMediaType(MediaTypes.DOCKER_LAYER_GZIP, true)).isEqualTo(GZIP);
        assertThat(CacheManifests.layerMediaType(MediaTypes.OCI_LAYER_ZSTD, false))
                .isEqualTo(MediaTypes.DOCKER_LAYER_ZSTD);
        assertThat(CacheManifests.layerMediaType(MediaTypes.OCI_LAYER, false))
                .isEqualTo("application/vnd.docker.image.rootfs.diff.tar");
        assertThat(CacheManifests.layerMediaType("application/x-unknown", true)).isEqualTo("application/x-unknown");
    }

    @Test
    void everyFormParsesToTheConfigAndLayerDescriptors() throws IOException {
        for (String name : List.of("cache-image-manifest.json", "cache-oci-index.json", "cache-docker-list.json")) {
            byte[] body = resource(name);
            ParsedManifest.CacheManifest cache = CacheManifests.parse(body, null).requireCache("r");
            assertThat(cache.config().mediaType()).isEqualTo(CacheManifests.CACHE_CONFIG_MEDIA_TYPE);
            assertThat(cache.config().digest()).isEqualTo(Digest.sha256(resource("cache-config-blob.json")));
            assertThat(cache.layers()).extracting(Descriptor::digest).containsExactly(d('a'), d('b'));
            assertThat(cache.layers().get(0).annotations()).containsEntry(CacheManifests.UNCOMPRESSED,
                    d('d').toString()).containsEntry(CacheManifests.CREATED_AT, "2024-05-06T07:08:09.5Z");
        }
    }

    @Test
    void theParsedConfigAnnotatedFromTheManifestIsTheConfigThatWasBuilt() throws IOException {
        BuiltCacheManifest built = CacheManifests.build(config(GZIP), true, true);
        ParsedManifest.CacheManifest cache = CacheManifests.parse(built.manifest(), built.mediaType())
                .requireCache("r");
        CacheConfig read = CacheConfigJson.read(built.configBlob(), "config");
        assertThat(read.layers()).allSatisfy(l -> assertThat(l.annotations()).isNull());
        assertThat(CacheManifests.annotate(read, cache.layers())).isEqualTo(config(GZIP));
    }

    @Test
    void anImageIsNotACacheAndTheErrorSaysWhatToDo() {
        String image = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{"
                + "\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + d('c') + "\",\"size\":9},"
                + "\"layers\":[]}";
        ParsedManifest parsed = CacheManifests.parse(image.getBytes(), MediaTypes.OCI_MANIFEST);
        assertThat(parsed).isInstanceOf(ParsedManifest.ImageManifest.class);
        assertThatThrownBy(() -> parsed.requireCache("127.0.0.1:5000/app:1"))
                .isInstanceOf(CacheFormatException.class)
                .hasMessageContaining("ref 127.0.0.1:5000/app:1 is not a BuildKit cache manifest: it is an image")
                .hasMessageContaining("--export-cache type=registry,ref=127.0.0.1:5000/app:1");
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[{"
                + "\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + d('c') + "\",\"size\":9}]}";
        ParsedManifest parsedIndex = CacheManifests.parse(index.getBytes(), null);
        assertThat(parsedIndex).isInstanceOf(ParsedManifest.ImageIndex.class);
        assertThatThrownBy(() -> parsedIndex.requireCache("r")).hasMessageContaining("it is an image index");
    }

    @Test
    void otherDocumentsAreRefusedClearly() {
        assertThatThrownBy(() -> CacheManifests.parse("{\"schemaVersion\":1,\"fsLayers\":[]}".getBytes(),
                "application/vnd.docker.distribution.manifest.v1+prettyjws"))
                .hasMessageContaining("is not an image manifest or index, so it is not a BuildKit cache");
        assertThatThrownBy(() -> CacheManifests.parse("nope".getBytes(), null)).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> CacheManifests.parse(("{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                + "\",\"layers\":[]}").getBytes(), null)).hasMessageContaining("cache manifest config is missing");
    }

    @Test
    void aConfigLargerThanUpstreamReadsIsRefusedBeforeDownload() {
        CacheManifests.checkReadable(Descriptor.of(CacheManifests.CACHE_CONFIG_MEDIA_TYPE, d('c'), 1 << 20), "c");
        assertThatThrownBy(() -> CacheManifests.checkReadable(Descriptor.of(CacheManifests.CACHE_CONFIG_MEDIA_TYPE,
                d('c'), (1 << 20) + 1), "cache config of r")).isInstanceOf(CacheFormatException.class)
                .hasMessageContaining("cache config of r (" + d('c') + ") is 1048577 bytes, more than the 1048576");
    }

    @Test
    void annotateKeepsLayersTheManifestDoesNotList() {
        CacheConfig bare = config(GZIP).withoutLayerAnnotations();
        Descriptor onlyA = Descriptor.of(GZIP, d('a'), 100).withAnnotations(Map.of(CacheManifests.UNCOMPRESSED,
                d('d').toString()));
        CacheConfig annotated = CacheManifests.annotate(bare, List.of(onlyA));
        assertThat(annotated.layers().get(0).annotations())
                .isEqualTo(new CacheConfig.LayerAnnotations(GZIP, d('d'), 100, null));
        assertThat(annotated.layers().get(1).annotations()).isNull();
    }
}
