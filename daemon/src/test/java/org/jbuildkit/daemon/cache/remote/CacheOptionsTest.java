package org.jbuildkit.daemon.cache.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.jbuildkit.api.control.CacheOptionsEntry;
import org.jbuildkit.daemon.exporter.image.LayerCompression;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.MediaTypes;
import org.jbuildkit.registry.image.MediaTypes.Compression;
import org.jbuildkit.registry.reference.ImageReference;
import org.junit.jupiter.api.Test;

class CacheOptionsTest {

    private static CacheOptionsEntry entry(String type, Map<String, String> attrs) {
        return CacheOptionsEntry.newBuilder().setType(type).putAllAttrs(attrs).build();
    }

    @Test
    void registryExportDefaultsAreUpstreams() throws Exception {
        CacheExport export = CacheOptions.parseExport("registry", Map.of("ref", "127.0.0.1:5000/app"));
        assertThat(export).isEqualTo(new RegistryCacheExport(ImageReference.parse("127.0.0.1:5000/app:latest"),
                CacheExportMode.MIN, false, LayerCompression.DEFAULT, true, true, false));
        assertThat(((RegistryCacheExport) export).manifestMediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    }

    @Test
    void registryExportReadsEveryAttribute() throws Exception {
        CacheExport export = CacheOptions.parseExport("registry", Map.of("ref", "r.example/app:cache", "mode", "max",
                "registry.insecure", "true", "compression", "zstd", "compression-level", "5", "force-compression",
                "true", "oci-mediatypes", "true", "image-manifest", "false", "ignore-error", "1"));
        assertThat(export).isEqualTo(new RegistryCacheExport(ImageReference.parse("r.example/app:cache"),
                CacheExportMode.MAX, true, new LayerCompression(Compression.ZSTD, 5, true), true, false, true));
        assertThat(((RegistryCacheExport) export).manifestMediaType()).isEqualTo(MediaTypes.OCI_INDEX);
    }

    @Test
    void theSeedsPushTrueIsAcceptedAndChangesNothingButMustBeABoolean() throws Exception {
        CacheExport plain = CacheOptions.parseExport("registry", Map.of("ref", "127.0.0.1:5000/app:cache"));
        assertThat(CacheOptions.parseExport("registry", Map.of("ref", "127.0.0.1:5000/app:cache", "push", "true")))
                .isEqualTo(plain);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CacheOptions.parseExport("registry",
                Map.of("ref", "127.0.0.1:5000/app:cache", "push", "yes-please")))
                .hasMessageContaining("non-bool value for push");
    }

    @Test
    void withoutOciMediaTypesTheDefaultIsADockerManifestList() throws Exception {
        RegistryCacheExport export = (RegistryCacheExport) CacheOptions.parseExport("registry",
                Map.of("ref", "r/app:c", "oci-mediatypes", "false"));
        assertThat(export.imageManifest()).isFalse();
        assertThat(export.manifestMediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
    }

    @Test
    void imageManifestWithoutOciMediaTypesIsAnError() {
        assertThatThrownBy(() -> CacheOptions.parseExport("registry", Map.of("ref", "r/app:c", "oci-mediatypes",
                "false", "image-manifest", "true"))).isInstanceOf(CacheOptionsException.class)
                .hasMessageContaining("image-manifest=true needs OCI media types");
    }

    @Test
    void nameWhereRefWasMeantListsTheAcceptedKeys() {
        assertThatThrownBy(() -> CacheOptions.parseExport("registry", Map.of("name", "r/app:c")))
                .hasMessage("registry cache export has no attribute \"name\" (a registry cache is named with ref=);"
                        + " it takes compression, compression-level, force-compression, ignore-error, image-manifest,"
                        + " mode, oci-mediatypes, push, ref, registry.insecure");
    }

    @Test
    void missingOrBadValuesSayWhatToGive() {
        assertThatThrownBy(() -> CacheOptions.parseExport("registry", Map.of()))
                .hasMessageContaining("registry cache export needs ref=");
        assertThatThrownBy(() -> CacheOptions.parseExport("registry", Map.of("ref", "r/app:c", "mode", "all")))
                .hasMessageContaining("mode=all is not a cache export mode; use mode=min");
        assertThatThrownBy(() -> CacheOptions.parseExport("registry", Map.of("ref", "r/app:c", "ignore-error", "yes")))
                .hasMessageContaining("non-bool value for ignore-error: \"yes\"");
        assertThatThrownBy(() -> CacheOptions.parseExport("registry", Map.of("ref", "r/app:c", "compression", "lz4")))
                .hasMessageContaining("unsupported compression type \"lz4\"");
        assertThatThrownBy(() -> CacheOptions.parseExport("registry", Map.of("ref", "Bad Ref")))
                .hasMessageContaining("ref=Bad Ref is not a valid image reference");
        assertThatThrownBy(() -> CacheOptions.parseExport("registry", Map.of("ref", "r/app@sha256:" + "a".repeat(64))))
                .hasMessageContaining("names a digest; a cache is pushed under a tag");
        assertThatThrownBy(() -> CacheOptions.parseExport("registry", Map.of("ref", "r/app:c", "insecure", "true")))
                .hasMessageContaining("did you mean registry.insecure?");
    }

    @Test
    void localExportTakesTheClientsAttributes() throws Exception {
        assertThat(CacheOptions.parseExport("local", Map.of("dest", "/tmp/c", "reset", "true", "mode", "max")))
                .isEqualTo(new LocalCacheExport("/tmp/c", "latest", CacheExportMode.MAX, LayerCompression.DEFAULT,
                        true, true, false));
        LocalCacheExport tagged = (LocalCacheExport) CacheOptions.parseExport("local", Map.of("dest", "/tmp/c",
                "tag", "v2"));
        assertThat(tagged.tag()).isEqualTo("v2");
        assertThat(tagged.storeId()).isEqualTo("local:/tmp/c");
        assertThatThrownBy(() -> CacheOptions.parseExport("local", Map.of("src", "/tmp/c")))
                .hasMessageContaining("has no attribute \"src\" (an export writes to dest=");
        assertThatThrownBy(() -> CacheOptions.parseExport("local", Map.of()))
                .hasMessageContaining("local cache export needs dest=");
    }

    @Test
    void inlineExportTakesOnlyModeAndIgnoreError() throws Exception {
        assertThat(CacheOptions.parseExport("inline", Map.of())).isEqualTo(new InlineCacheExport(CacheExportMode.MIN,
                false));
        assertThatThrownBy(() -> CacheOptions.parseExport("inline", Map.of("ref", "x")))
                .hasMessageContaining("inline cache export has no attribute \"ref\"; it takes ignore-error, mode");
    }

    @Test
    void unknownTypesListTheAvailableOnes() {
        assertThatThrownBy(() -> CacheOptions.parseExport("gha", Map.of()))
                .hasMessage("cache type gha is not available in this daemon; the cache exporters here are registry,"
                        + " local and inline");
        assertThatThrownBy(() -> CacheOptions.parseImport("s3", Map.of()))
                .hasMessage("cache type s3 is not available in this daemon; the cache importers here are registry"
                        + " and local");
        assertThatThrownBy(() -> CacheOptions.parseExport("regisrty", Map.of()))
                .hasMessageContaining("unknown cache export type \"regisrty\"");
        assertThatThrownBy(() -> CacheOptions.parseExport("", Map.of()))
                .hasMessage("a cache export has no type; give type=registry, type=local or type=inline");
        assertThatThrownBy(() -> CacheOptions.parseImport("inline", Map.of()))
                .hasMessageContaining("imported with --import-cache type=registry,ref=<image>");
    }

    @Test
    void importsAreParsed() throws Exception {
        assertThat(CacheOptions.parseImport("registry", Map.of("ref", "r/app:c", "registry.insecure", "true")))
                .isEqualTo(new RegistryCacheImport(ImageReference.parse("r/app:c"), true));
        Digest digest = Digest.parse("sha256:" + "b".repeat(64));
        assertThat(CacheOptions.parseImport("local", Map.of("src", "/tmp/c", "digest", digest.toString())))
                .isEqualTo(new LocalCacheImport("/tmp/c", "latest", digest));
        assertThatThrownBy(() -> CacheOptions.parseImport("registry", Map.of("ref", "r/app:c", "mode", "max")))
                .hasMessageContaining("registry cache import has no attribute \"mode\"; it takes ref,"
                        + " registry.insecure");
        assertThatThrownBy(() -> CacheOptions.parseImport("local", Map.of("src", "/c", "digest", "abc")))
                .hasMessageContaining("digest=abc is not a digest");
    }

    @Test
    void theRequestsDeprecatedFieldsAreFoldedInAndInlineIsDeduplicated() throws Exception {
        org.jbuildkit.api.control.CacheOptions request = org.jbuildkit.api.control.CacheOptions.newBuilder()
                .addExports(entry("inline", Map.of()))
                .addExports(entry("inline", Map.of("mode", "max")))
                .setExportRefDeprecated("r/app:old")
                .putExportAttrsDeprecated("mode", "max")
                .addImportRefsDeprecated("r/app:older")
                .addImports(entry("local", Map.of("src", "/c")))
                .build();
        CacheOptions options = CacheOptions.parse(request);
        assertThat(options.exports()).containsExactly(new InlineCacheExport(CacheExportMode.MIN, false),
                new RegistryCacheExport(ImageReference.parse("r/app:old"), CacheExportMode.MAX, false,
                        LayerCompression.DEFAULT, true, true, false));
        assertThat(options.imports()).containsExactly(new LocalCacheImport("/c", "latest", null),
                new RegistryCacheImport(ImageReference.parse("r/app:older"), false));
    }

    @Test
    void twoExportsToOneRefAreAnError() {
        org.jbuildkit.api.control.CacheOptions request = org.jbuildkit.api.control.CacheOptions.newBuilder()
                .addExports(entry("registry", Map.of("ref", "r/app:c")))
                .addExports(entry("registry", Map.of("ref", "r/app:c", "mode", "max")))
                .build();
        assertThatThrownBy(() -> CacheOptions.parse(request)).hasMessageContaining("duplicate cache exports")
                .hasMessageContaining("r/app:c");
    }

    @Test
    void frontendCacheImportsAreTheClientsJson() throws Exception {
        assertThat(CacheOptions.parseFrontendImports("[{\"Type\":\"registry\",\"Attrs\":{\"ref\":\"r/app:c\"}}]"))
                .containsExactly(new RegistryCacheImport(ImageReference.parse("r/app:c"), false));
        assertThat(CacheOptions.parseFrontendImports(null)).isEmpty();
        assertThatThrownBy(() -> CacheOptions.parseFrontendImports("{")).hasMessageContaining("not valid JSON");
    }
}
