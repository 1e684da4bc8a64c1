package org.jbuildkit.e2e.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A docker-image pull shows upstream's statuses on the Status stream, read through {@code --progress rawjson};
 * layers the daemon has are neither downloaded nor unpacked again.
 */
class ImagePullProgressTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket();

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every status of every StatusResponse line, in order. */
    private static List<JsonNode> statuses(String rawJson) throws Exception {
        List<JsonNode> statuses = new ArrayList<>();
        for (String line : rawJson.lines().filter(l -> l.startsWith("{")).toList()) {
            JSON.readTree(line).path("statuses").forEach(statuses::add);
        }
        return statuses;
    }

    private static long number(JsonNode status, String field) {
        return status.path(field).isMissingNode() ? 0 : Long.parseLong(status.path(field).asText());
    }

    @Test
    void aPullResolvesDownloadsEveryLayerToItsSizeAndExtractsItOnce(@TempDir Path tmp) throws Exception {
        BusyboxImage.build(tmp.resolve("image")).push(REGISTRY, "busybox", "latest");
        Path def = Files.write(tmp.resolve("def"), Llb.image(REGISTRY.host() + "/busybox:latest")
                .run(Run.shell("true")).root().marshal().toByteArray());
        CommandResult result = Commands.run(List.of(ProjectLayout.buildctl().toString(), "--addr",
                DAEMON.unixAddress(), "build", "--progress", "rawjson"), Map.of(), 180, def);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<JsonNode> statuses = statuses(result.stderr());

        assertThat(statuses).anySatisfy(s -> {
            assertThat(s.path("id").asText()).matches("resolve " + java.util.regex.Pattern.quote(REGISTRY.host())
                    + "/busybox:latest@sha256:[0-9a-f]{64}");
            assertThat(s.has("completed")).isTrue();
        });
        List<JsonNode> layers = statuses.stream().filter(s -> s.path("id").asText().matches("sha256:[0-9a-f]{64}"))
                .toList();
        assertThat(layers).isNotEmpty();
        assertThat(layers).anySatisfy(s -> assertThat(s.has("completed")).isFalse());
        List<JsonNode> done = layers.stream().filter(s -> s.has("completed")).toList();
        assertThat(done).isNotEmpty().allSatisfy(s -> {
            assertThat(number(s, "total")).isPositive();
            assertThat(number(s, "current")).isEqualTo(number(s, "total"));
        });
        for (JsonNode layer : done) {
            assertThat(statuses).anySatisfy(s -> {
                assertThat(s.path("id").asText()).isEqualTo("extracting " + layer.path("id").asText());
                assertThat(s.path("name").asText()).isEqualTo("extracting");
                assertThat(s.has("completed")).isTrue();
            });
        }

        CommandResult again = Commands.run(List.of(ProjectLayout.buildctl().toString(), "--addr",
                DAEMON.unixAddress(), "build", "--progress", "rawjson", "--no-cache"), Map.of(), 180, def);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        List<JsonNode> rerun = statuses(again.stderr());
        assertThat(rerun).anySatisfy(s -> assertThat(s.path("id").asText()).startsWith("resolve "));
        assertThat(rerun).noneSatisfy(s -> assertThat(s.path("id").asText()).matches("(extracting )?sha256:.*"));
    }
}
