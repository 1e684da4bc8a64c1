package org.jbuildkit.daemon.exporter.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ImageConfigsInlineCacheTest {

    @Test
    void theInlineCacheIsABase64StringUnderUpstreamsKey() throws Exception {
        byte[] cache = "{\"layers\":[],\"records\":[]}".getBytes(StandardCharsets.UTF_8);
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);

        JsonNode patched = new ObjectMapper().readTree(ImageConfigs.withInlineCache(config, cache));

        assertThat(patched.path("moby.buildkit.cache.v0").isTextual()).isTrue();
        assertThat(Base64.getDecoder().decode(patched.path("moby.buildkit.cache.v0").asText())).isEqualTo(cache);
        assertThat(patched.path("architecture").asText()).isEqualTo("amd64");
    }
}
