package org.jbuildkit.registry.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The credential parts of docker/cli's {@code config.json}: {@code auths}, {@code credsStore},
 * {@code credHelpers}. Other keys are ignored, as the docker CLI ignores keys it does not know.
 */
record DockerConfigFile(String displayPath, Map<String, JsonNode> auths, String credsStore,
        Map<String, String> credHelpers) {

    private static final ObjectMapper JSON = new ObjectMapper()
            // A parse error must not quote the file: a secret could sit next to the mistake.
            .disable(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION);

    static DockerConfigFile empty(String displayPath) {
        return new DockerConfigFile(displayPath, Map.of(), "", Map.of());
    }

    /** Reads {@code file}; a missing file is an empty config, a malformed one names the file and line. */
    static Optional<DockerConfigFile> read(Path file, String displayPath) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CredentialsException("cannot read " + displayPath + ": " + e.getClass().getSimpleName()
                    + " — check the file's permissions, or point DOCKER_CONFIG at another directory", e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw new CredentialsException(displayPath + " is not valid JSON" + at
                    + " — fix that line, or move the file away and run `docker login` again");
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return Optional.of(empty(displayPath));
        }
        if (!root.isObject()) {
            throw new CredentialsException(displayPath + " must hold a JSON object ({\"auths\": {...}}), not "
                    + root.getNodeType().toString().toLowerCase());
        }
        Map<String, JsonNode> auths = new LinkedHashMap<>();
        JsonNode authsNode = root.path("auths");
        if (authsNode.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = authsNode.fields(); it.hasNext(); ) {
                var entry = it.next();
                auths.put(entry.getKey(), entry.getValue());
            }
        } else if (!authsNode.isMissingNode() && !authsNode.isNull()) {
            throw new CredentialsException(displayPath + ": \"auths\" must be an object keyed by registry host");
        }
        Map<String, String> helpers = new LinkedHashMap<>();
        JsonNode helpersNode = root.path("credHelpers");
        if (helpersNode.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = helpersNode.fields(); it.hasNext(); ) {
                var entry = it.next();
                helpers.put(entry.getKey(), entry.getValue().asText(""));
            }
        }
        return Optional.of(new DockerConfigFile(displayPath, auths, root.path("credsStore").asText(""), helpers));
    }

    /** The helper configured for {@code host} in {@code credHelpers}, matching keys as Docker normalizes them. */
    Optional<String> credHelperFor(String host) {
        return matchingKey(credHelpers, host).map(credHelpers::get).filter(name -> !name.isEmpty());
    }

    /** The {@code auths} key that serves {@code host}: an exact match first, then a normalized one. */
    Optional<String> authsKeyFor(String host) {
        return matchingKey(auths, host);
    }

    /** The credentials stored inline under {@code auths[key]}, if that entry holds any. */
    Optional<Credentials> inlineCredentials(String key) {
        JsonNode entry = auths.get(key);
        if (entry == null || !entry.isObject()) {
            return Optional.empty();
        }
        String username = entry.path("username").asText("");
        String password = entry.path("password").asText("");
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.replaceAll("\\s", "")), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new CredentialsException(displayPath + " auths[" + key + "].auth is not valid base64"
                        + " — run `docker login` again or write it as base64 of \"user:password\"");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new CredentialsException(displayPath + " auths[" + key + "].auth does not decode to"
                        + " \"user:password\" — run `docker login` again");
            }
            username = decoded.substring(0, colon);
            password = decoded.substring(colon + 1);
        }
        String identityToken = entry.path("identitytoken").asText("");
        if (!identityToken.isEmpty()) {
            return Optional.of(Credentials.identityToken(username, identityToken));
        }
        String registryToken = entry.path("registrytoken").asText("");
        if (!registryToken.isEmpty()) {
            return Optional.of(Credentials.registryToken(registryToken));
        }
        if (username.isEmpty() && password.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Credentials.password(username, password));
    }

    private static <V> Optional<String> matchingKey(Map<String, V> map, String host) {
        String serverUrl = RegistryHosts.serverUrl(host);
        if (map.containsKey(serverUrl)) {
            return Optional.of(serverUrl);
        }
        if (map.containsKey(host)) {
            return Optional.of(host);
        }
        String wanted = RegistryHosts.normalize(host);
        return map.keySet().stream().filter(key -> RegistryHosts.normalize(key).equals(wanted)).findFirst();
    }

    @Override
    public String toString() {
        return "DockerConfigFile[" + displayPath + ", " + auths.size() + " auths]";
    }
}
