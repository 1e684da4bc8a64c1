package org.jbuildkit.registry.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * Reads and writes image JSON. What we write is canonical (keys sorted, no insignificant white
 * space), so the same content always gives the same bytes and digest; what we read is parsed
 * leniently (unknown fields ignored) but must be well-formed, and errors name the document.
 */
public final class ImageJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ImageJson() {
    }

    /** Canonical bytes of a value: sorted keys, compact. */
    public static byte[] canonical(Object value) {
        try {
            if (value instanceof JsonNode node) {
                return MAPPER.writeValueAsBytes(MAPPER.treeToValue(node, Object.class));
            }
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + value.getClass().getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    public static <T> T read(byte[] json, Class<T> type, String what) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException(what + " is not a valid " + type.getSimpleName() + ": " + detail, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not a valid " + type.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The media type a manifest or index declares about itself (empty when it does not). */
    public static String declaredMediaType(byte[] json, String what) {
        JsonNode node = read(json, JsonNode.class, what);
        return node.path("mediaType").asText("");
    }
}
