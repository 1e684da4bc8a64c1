package org.jbuildkit.client.export;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code buildctl build --metadata-file F}: the exporters' response as upstream's buildctl writes it — keys sorted,
 * two-space indent, and a value that is base64 of a JSON object (e.g. {@code containerimage.descriptor}) embedded as
 * that object, every other value as its string. Written beside the target and renamed, so a reader never sees half.
 */
public final class MetadataFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetadataFile() {
    }

    public static void write(Path file, Map<String, String> exporterResponse) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        new TreeMap<>(exporterResponse).forEach((key, value) -> out.set(key, value(value)));
        // Go's json.MarshalIndent(v, "", "  "): "key": value, two-space indent, {} for nothing.
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("").withArrayEmptySeparator(""))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        byte[] bytes = JSON.writer(pretty).writeValueAsBytes(out);
        Path absolute = file.toAbsolutePath();
        Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
        try {
            Files.write(temp, bytes);
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static JsonNode value(String value) {
        try {
            JsonNode decoded = JSON.readTree(Base64.getDecoder().decode(value));
            if (decoded != null && decoded.isObject() && !decoded.isEmpty()) {
                return decoded;
            }
        } catch (IllegalArgumentException | IOException e) {
            // Not base64 of JSON: kept as the string it is.
        }
        return JSON.getNodeFactory().textNode(value);
    }
}
