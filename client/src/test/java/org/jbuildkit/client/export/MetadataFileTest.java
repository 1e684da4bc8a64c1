package org.jbuildkit.client.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataFileTest {

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void base64JsonObjectsAreEmbeddedAndEverythingElseStaysAString(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("metadata.json");
        MetadataFile.write(file, Map.of(
                "image.name", "example.test/app:1.0",
                "containerimage.digest", "sha256:abc",
                "containerimage.descriptor", base64("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                        + "\"size\":42}"),
                "plain.base64", base64("not json"),
                "a.list", base64("[1,2]")));

        assertThat(Files.readString(file)).isEqualTo("""
                {
                  "a.list": "WzEsMl0=",
                  "containerimage.descriptor": {
                    "mediaType": "application/vnd.oci.image.manifest.v1+json",
                    "size": 42
                  },
                  "containerimage.digest": "sha256:abc",
                  "image.name": "example.test/app:1.0",
                  "plain.base64": "bm90IGpzb24="
                }""");
    }

    @Test
    void noResponseIsAnEmptyObjectAndAnOldFileIsReplacedWhole(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("metadata.json"), "old content that is longer than the new one");
        MetadataFile.write(file, Map.of());
        assertThat(Files.readString(file)).isEqualTo("{}");
        try (var left = Files.list(tmp)) {
            assertThat(left).containsExactly(file);
        }
    }
}
