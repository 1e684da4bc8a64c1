package org.jbuildkit.daemon.exporter.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jbuildkit.daemon.exporter.ExporterException;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.Platform;
import org.junit.jupiter.api.Test;

class ImageConfigsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Platform AMD64 = Platform.of("linux", "amd64", null);
    private static final Instant NOW = Instant.parse("2026-12-02T20:00:00Z");

    private static List<Digest> diffIds(int n) {
        List<Digest> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(Digest.sha256(("layer" + i).getBytes(StandardCharsets.UTF_8)));
        }
        return ids;
    }

    private static JsonNode config(String frontend, int layers, Long epoch) throws Exception {
        byte[] bytes = frontend == null ? null : frontend.getBytes(StandardCharsets.UTF_8);
        return JSON.readTree(ImageConfigs.config(bytes, AMD64, diffIds(layers), NOW, epoch));
    }

    private static long nonEmpty(JsonNode config) {
        long n = 0;
        for (JsonNode h : config.path("history")) {
            if (!h.path("empty_layer").asBoolean(false)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aRawLlbBuildGetsAMinimalConfigForTheWorkerWithOneHistoryEntryPerLayer() throws Exception {
        JsonNode config = config(null, 2, null);

        assertThat(config.path("architecture").asText()).isEqualTo("amd64");
        assertThat(config.path("os").asText()).isEqualTo("linux");
        assertThat(config.path("config").path("Env").get(0).asText()).startsWith("PATH=/usr/local/sbin:");
        assertThat(config.path("config").path("WorkingDir").asText()).isEqualTo("/");
        assertThat(config.path("rootfs").path("type").asText()).isEqualTo("layers");
        assertThat(config.path("rootfs").path("diff_ids")).extracting(JsonNode::asText)
                .containsExactlyElementsOf(diffIds(2).stream().map(Digest::toString).toList());
        assertThat(config.path("history")).hasSize(2).allSatisfy(h -> {
            assertThat(h.path("created").asText()).isEqualTo("2026-12-02T20:00:00Z");
            assertThat(h.path("comment").asText()).isEqualTo(ImageConfigs.HISTORY_COMMENT);
            assertThat(h.path("created_by").asText()).isEqualTo("created by buildkit");
        });
        assertThat(config.path("created").asText()).isEqualTo("2026-12-02T20:00:00Z");
    }

    @Test
    void aScratchResultHasNoLayersAndNoHistory() throws Exception {
        JsonNode config = config(null, 0, null);

        assertThat(config.path("rootfs").path("diff_ids")).isEmpty();
        assertThat(config.has("history")).isFalse();
        assertThat(config.has("created")).isFalse();
    }

    @Test
    void newFrontendEntriesGetCreatedTimesAndTheBaseHistoryIsKept() throws Exception {
        String frontend = """
                {"architecture":"amd64","os":"linux","config":{"Env":["A=1"],"User":"app"},
                 "rootfs":{"type":"layers","diff_ids":["sha256:0000000000000000000000000000000000000000000000000000000000000000"]},
                 "history":[
                  {"created":"2020-01-01T00:00:00Z","created_by":"base layer"},
                  {"created":"2020-01-01T00:00:01Z","created_by":"CMD [\\"sh\\"]","empty_layer":true},
                  {"created_by":"ENV A=1","comment":"buildkit.dockerfile.v0","empty_layer":true},
                  {"created_by":"RUN /bin/sh -c echo hi","comment":"buildkit.dockerfile.v0"}
                 ]}""";

        JsonNode config = config(frontend, 2, null);

        assertThat(config.path("config").path("User").asText()).isEqualTo("app");
        assertThat(config.path("rootfs").path("diff_ids")).hasSize(2);
        JsonNode history = config.path("history");
        assertThat(history).hasSize(4);
        assertThat(history.get(0).path("created").asText()).isEqualTo("2020-01-01T00:00:00Z");
        assertThat(history.get(1).path("created").asText()).isEqualTo("2020-01-01T00:00:01Z");
        // The empty ENV entry takes the time of the first new layer, as upstream's normalization does.
        assertThat(history.get(2).path("created").asText()).isEqualTo("2026-12-02T20:00:00Z");
        assertThat(history.get(3).path("created").asText()).isEqualTo("2026-12-02T20:00:00Z");
        assertThat(history.get(3).path("created_by").asText()).isEqualTo("RUN /bin/sh -c echo hi");
        assertThat(nonEmpty(config)).isEqualTo(2);
        assertThat(config.path("created").asText()).isEqualTo("2026-12-02T20:00:00Z");
    }

    @Test
    void historyEntriesBeyondTheLayersBecomeEmptyAndMissingOnesAreAdded() throws Exception {
        String three = """
                {"architecture":"amd64","os":"linux","history":[
                  {"created_by":"one"},{"created_by":"two"},{"created_by":"three"}]}""";
        JsonNode fewer = config(three, 1, null);
        assertThat(nonEmpty(fewer)).isEqualTo(1);
        assertThat(fewer.path("history").get(0).has("empty_layer")).isFalse();
        assertThat(fewer.path("history").get(1).path("empty_layer").asBoolean()).isTrue();
        assertThat(fewer.path("history").get(2).path("empty_layer").asBoolean()).isTrue();

        JsonNode more = config(three, 5, null);
        assertThat(more.path("history")).hasSize(5);
        assertThat(nonEmpty(more)).isEqualTo(5);
        assertThat(more.path("history").get(4).path("comment").asText()).isEqualTo(ImageConfigs.HISTORY_COMMENT);
    }

    @Test
    void sourceDateEpochClampsEveryLaterTimeAndTheImageCreationTime() throws Exception {
        String frontend = """
                {"architecture":"amd64","os":"linux","created":"2030-01-01T00:00:00Z","history":[
                  {"created":"2000-01-01T00:00:00Z","created_by":"base"},
                  {"created_by":"RUN new"}]}""";

        JsonNode config = config(frontend, 2, 1_700_000_000L);

        assertThat(config.path("history").get(0).path("created").asText()).isEqualTo("2000-01-01T00:00:00Z");
        assertThat(config.path("history").get(1).path("created").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(config.path("created").asText()).isEqualTo("2023-11-14T22:13:20Z");
    }

    @Test
    void theSameInputsWithAnEpochGiveTheSameBytesAtAnyTime() throws Exception {
        byte[] first = ImageConfigs.config(null, AMD64, diffIds(2), NOW, 1_700_000_000L);
        byte[] later = ImageConfigs.config(null, AMD64, diffIds(2), NOW.plusSeconds(3600), 1_700_000_000L);

        assertThat(later).isEqualTo(first);
    }

    @Test
    void aFrontendConfigWithoutPlatformIsRefused() {
        assertThatThrownBy(() -> config("{\"os\":\"linux\"}", 1, null)).isInstanceOf(ExporterException.class)
                .hasMessageContaining("invalid image config for export: missing architecture");
    }

    @Test
    void aConfigThatIsNotJsonIsAFrontendBug() {
        assertThatThrownBy(() -> config("not json", 1, null)).isInstanceOf(ExporterException.class)
                .hasMessageContaining("containerimage.config").hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> config("[1]", 1, null)).isInstanceOf(ExporterException.class)
                .hasMessageContaining("not a JSON object");
    }
}
