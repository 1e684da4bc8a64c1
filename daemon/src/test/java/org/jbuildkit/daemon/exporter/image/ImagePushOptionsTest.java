package org.jbuildkit.daemon.exporter.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.jbuildkit.daemon.exporter.ExporterException;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.reference.ImageReference;
import org.junit.jupiter.api.Test;

class ImagePushOptionsTest {
    private static final Digest DIGEST = Digest.sha256(new byte[] {1, 2, 3});

    private static ImageNames names(Map<String, String> attrs) throws ExporterException {
        ImageExportOptions options = ImageExportOptions.parse("image", attrs, true, ImagePushOptions.KEYS);
        return ImageNames.of(options.names(), ImagePushOptions.parse(attrs));
    }

    @Test
    void defaultsStoreWithoutPushing() throws Exception {
        ImagePushOptions options = ImagePushOptions.parse(Map.of());

        assertThat(options).isEqualTo(new ImagePushOptions(false, false, false, true, false, null));
    }

    @Test
    void everyAttributeParsesAsUpstreamReadsIt() throws Exception {
        ImagePushOptions options = ImagePushOptions.parse(Map.of("push", "true", "push-by-digest", "1",
                "registry.insecure", "True", "store", "false", "unpack", "true", "name-canonical", "t",
                "dangling-name-prefix", "reg.example/anon"));

        assertThat(options).isEqualTo(new ImagePushOptions(true, true, true, false, true, "reg.example/anon"));
    }

    @Test
    void anEmptyBooleanMeansTrueAsUpstream() throws Exception {
        assertThat(ImagePushOptions.parse(Map.of("push", "")).push()).isTrue();
    }

    @Test
    void aBadBooleanNamesTheKeyAndTheValues() {
        assertThatThrownBy(() -> ImagePushOptions.parse(Map.of("push", "yes")))
                .isInstanceOf(ExporterException.class)
                .hasMessage("non-bool value for push: \"yes\"; use push=true or push=false");
    }

    @Test
    void unknownKeysListWhatTheImageOutputTakes() {
        assertThatThrownBy(() -> names(Map.of("name", "reg.example/app:1", "ref", "x")))
                .isInstanceOf(ExporterException.class)
                .hasMessageContaining("output type image has no attribute \"ref\" (an image is named with name=)")
                .hasMessageContaining("push, push-by-digest, registry.insecure")
                .hasMessageContaining("dangling-name-prefix").hasMessageContaining("name-canonical")
                .hasMessageContaining("compression-level").hasMessageContaining("oci-mediatypes");
    }

    @Test
    void pushWithoutANameIsRefusedAtResolve() {
        assertThatThrownBy(() -> names(Map.of("push", "true")))
                .isInstanceOf(ExporterException.class)
                .hasMessageContaining("push=true but no name to push to; add name=");
    }

    @Test
    void aQuotedCommaListGivesEveryNameAndEachRepositoryOnce() throws Exception {
        ImageNames names = names(Map.of("name", "\"reg.example/a:1,reg.example/a:2,reg.example/b\"", "push", "true"));

        assertThat(names.names()).containsExactly("reg.example/a:1", "reg.example/a:2", "reg.example/b");
        assertThat(names.repositories()).containsOnlyKeys("reg.example/a", "reg.example/b");
        assertThat(names.pushTargets(DIGEST)).containsExactly(
                new ImageReference("reg.example", "a", "1", null),
                new ImageReference("reg.example", "a", "2", null),
                new ImageReference("reg.example", "b", "latest", null));
        assertThat(names.imageName(DIGEST)).isEqualTo("reg.example/a:1,reg.example/a:2,reg.example/b");
    }

    @Test
    void pushByDigestPushesTheManifestUnderItsDigestOnly() throws Exception {
        ImageNames names = names(Map.of("name", "reg.example/a:1,reg.example/a:2", "push", "true",
                "push-by-digest", "true"));

        assertThat(names.pushTargets(DIGEST)).containsExactly(new ImageReference("reg.example", "a", null, DIGEST));
    }

    @Test
    void nameCanonicalAddsTheDigestNameAndADanglingPrefixNamesAnUnnamedImage() throws Exception {
        assertThat(names(Map.of("name", "reg.example/a:1", "name-canonical", "true")).imageName(DIGEST))
                .isEqualTo("reg.example/a:1,reg.example/a@" + DIGEST);
        ImageNames dangling = names(Map.of("dangling-name-prefix", "reg.example/anon", "push", "true"));
        assertThat(dangling.imageName(DIGEST)).isEqualTo("reg.example/anon@" + DIGEST);
        assertThat(dangling.pushTargets(DIGEST)).containsExactly(
                new ImageReference("reg.example", "anon", null, DIGEST));
    }

    @Test
    void imageOutputsDefaultToOciMediaTypes() throws Exception {
        ImageExportOptions options = ImageExportOptions.parse("image", Map.of("name", "reg.example/a"), true,
                ImagePushOptions.KEYS);

        assertThat(options.ociMediaTypes()).isTrue();
        assertThat(List.copyOf(options.names())).containsExactly("reg.example/a");
    }
}
