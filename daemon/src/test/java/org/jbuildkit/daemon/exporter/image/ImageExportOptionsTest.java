package org.jbuildkit.daemon.exporter.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.jbuildkit.daemon.exporter.ExporterException;
import org.jbuildkit.registry.image.MediaTypes;
import org.jbuildkit.registry.image.MediaTypes.Compression;
import org.junit.jupiter.api.Test;

class ImageExportOptionsTest {

    @Test
    void defaultsAreGzipWithTheTypesMediaTypeFamily() throws Exception {
        ImageExportOptions oci = ImageExportOptions.parse("oci", Map.of(), true);
        ImageExportOptions docker = ImageExportOptions.parse("docker", Map.of("name", "app:1"), false);

        assertThat(oci.compression()).isEqualTo(LayerCompression.DEFAULT);
        assertThat(oci.ociMediaTypes()).isTrue();
        assertThat(oci.names()).isEmpty();
        assertThat(docker.ociMediaTypes()).isFalse();
        assertThat(docker.names()).containsExactly("app:1");
        assertThat(docker.references().get(0).toString()).isEqualTo("docker.io/library/app:1");
    }

    @Test
    void allOptionsParse() throws Exception {
        ImageExportOptions options = ImageExportOptions.parse("oci", Map.of("name", "a:1, b.example/c:2",
                "compression", "uncompressed", "compression-level", "3", "force-compression", "true",
                "oci-mediatypes", "false", "annotation.org.example.k", "v", "annotation-manifest.m", "w",
                "source-date-epoch", "42", "tar", "true", "rewrite-timestamp", "true"), true);

        assertThat(options.names()).containsExactly("a:1", "b.example/c:2");
        assertThat(options.compression()).isEqualTo(new LayerCompression(Compression.UNCOMPRESSED, 3, true));
        assertThat(options.ociMediaTypes()).isFalse();
        assertThat(options.annotations()).isEqualTo(Map.of("org.example.k", "v", "m", "w"));
        assertThat(options.epochSeconds()).isEqualTo(42L);
        assertThat(options.layerEpoch()).isEqualTo(42L);
        assertThat(ImageExportOptions.parse("oci", Map.of("source-date-epoch", "42"), true).layerEpoch()).isNull();
        assertThat(ImageExportOptions.parse("oci", Map.of("rewrite-timestamp", "1"), true).layerEpoch()).isNull();
    }

    @Test
    void zstdForcesOciMediaTypesAsUpstreamDoes() throws Exception {
        ImageExportOptions options = ImageExportOptions.parse("docker", Map.of("compression", "zstd",
                "oci-mediatypes", "false"), false);

        assertThat(options.ociMediaTypes()).isTrue();
        assertThat(options.compression().mediaType(true)).isEqualTo(MediaTypes.OCI_LAYER_ZSTD);
    }

    @Test
    void unknownAttributesAreRefusedWithTheAcceptedKeys() {
        assertThatThrownBy(() -> ImageExportOptions.parse("oci", Map.of("ref", "x"), true))
                .isInstanceOf(ExporterException.class)
                .hasMessageContaining("output type oci has no attribute \"ref\"")
                .hasMessageContaining("an image is named with name=")
                .hasMessageContaining("compression, compression-level")
                .hasMessageContaining("name, oci-mediatypes")
                .hasMessageContaining("annotation.KEY");
    }

    @Test
    void badValuesNameTheAttributeAndTheFix() {
        assertThatThrownBy(() -> ImageExportOptions.parse("oci", Map.of("compression", "lz4"), true))
                .hasMessageContaining("unsupported compression type \"lz4\"").hasMessageContaining("gzip, zstd");
        assertThatThrownBy(() -> ImageExportOptions.parse("oci", Map.of("compression-level", "10"), true))
                .hasMessageContaining("compression-level 10 is out of range for gzip: use 0 to 9");
        assertThatThrownBy(() -> ImageExportOptions.parse("oci", Map.of("compression", "zstd",
                "compression-level", "23"), true)).hasMessageContaining("use 0 to 22");
        assertThatThrownBy(() -> ImageExportOptions.parse("oci", Map.of("compression-level", "x"), true))
                .hasMessageContaining("non-integer value for compression-level");
        assertThatThrownBy(() -> ImageExportOptions.parse("oci", Map.of("oci-mediatypes", "yes"), true))
                .hasMessageContaining("non-bool value for oci-mediatypes");
        assertThatThrownBy(() -> ImageExportOptions.parse("oci", Map.of("force-compression", "maybe"), true))
                .hasMessageContaining("non-bool value for force-compression");
        assertThatThrownBy(() -> ImageExportOptions.parse("oci", Map.of("source-date-epoch", "yesterday"), true))
                .hasMessageContaining("invalid source-date-epoch");
        assertThatThrownBy(() -> ImageExportOptions.parse("oci", Map.of("name", "app:bad tag!"), true))
                .hasMessageContaining("invalid image name \"app:bad tag!\"");
        assertThatThrownBy(() -> ImageExportOptions.parse("oci", Map.of("annotation.", "v"), true))
                .hasMessageContaining("names no annotation");
    }
}
