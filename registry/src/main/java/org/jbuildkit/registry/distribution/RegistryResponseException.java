package org.jbuildkit.registry.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A registry answered, but not with success: carries the request, the status and the registry's
 * own error codes (OCI distribution error body), e.g. {@code 404 MANIFEST_UNKNOWN}.
 */
public final class RegistryResponseException extends RuntimeException {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final int status;

    public RegistryResponseException(String request, int status, byte[] body, String hint) {
        super(request + ": " + status + describe(body) + (hint == null ? "" : ". " + hint));
        this.status = status;
    }

    public int status() {
        return status;
    }

    private static String describe(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            JsonNode errors = JSON.readTree(body).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                StringBuilder out = new StringBuilder();
                for (JsonNode e : errors) {
                    out.append(' ').append(e.path("code").asText()).append(": ").append(e.path("message").asText());
                }
                return out.toString();
            }
        } catch (IOException e) {
            // Not the distribution error format: show the start of the text instead.
        }
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "" : " " + text;
    }
}
