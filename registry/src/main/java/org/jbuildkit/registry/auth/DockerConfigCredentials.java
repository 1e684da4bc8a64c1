package org.jbuildkit.registry.auth;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials as the docker CLI finds them: {@code $DOCKER_CONFIG/config.json} (default
 * {@code ~/.docker/config.json}), consulting {@code credHelpers[host]}, then {@code credsStore},
 * then the inline {@code auths} entries. The file is read on every lookup, so a {@code docker login}
 * while we run takes effect.
 */
public final class DockerConfigCredentials implements CredentialSource {

    private final Map<String, String> environment;
    private final Path configFile;
    private final String displayPath;

    /**
     * @param environment the process environment to honour: {@code DOCKER_CONFIG}, {@code HOME},
     *     and {@code PATH} for credential helpers (which also run with it)
     */
    public DockerConfigCredentials(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
        String dockerConfig = environment.get("DOCKER_CONFIG");
        if (dockerConfig != null && !dockerConfig.isEmpty()) {
            this.configFile = Path.of(dockerConfig, "config.json");
            this.displayPath = configFile.toString();
        } else {
            this.configFile = Path.of(home, ".docker", "config.json");
            this.displayPath = "~/.docker/config.json";
        }
    }

    /** Reads the configuration this process would: its own environment. */
    public static DockerConfigCredentials fromEnvironment() {
        return new DockerConfigCredentials(System.getenv());
    }

    public Path configFile() {
        return configFile;
    }

    @Override
    public Optional<Credentials> credentials(String host) {
        return lookup(host).credentials();
    }

    @Override
    public CredentialLookup lookup(String host) {
        Optional<DockerConfigFile> read = DockerConfigFile.read(configFile, displayPath);
        if (read.isEmpty()) {
            return CredentialLookup.none(host, displayPath + " (no such file: " + configFile + ")");
        }
        DockerConfigFile config = read.get();
        String serverUrl = RegistryHosts.serverUrl(host);
        var looked = new StringBuilder();

        Optional<String> helperName = config.credHelperFor(host);
        if (helperName.isPresent()) {
            var helper = new CredentialHelper(helperName.get(), environment);
            var found = helper.get(serverUrl, displayPath + " credHelpers");
            if (found.isPresent()) {
                return CredentialLookup.found(host, found.get(), "credential helper " + helper.program()
                        + " (" + displayPath + " credHelpers)");
            }
            looked.append("credential helper ").append(helper.program()).append(", ");
        } else if (!config.credsStore().isEmpty()) {
            var helper = new CredentialHelper(config.credsStore(), environment);
            var found = helper.get(serverUrl, displayPath + " credsStore");
            if (found.isPresent()) {
                return CredentialLookup.found(host, found.get(), "credential helper " + helper.program()
                        + " (" + displayPath + " credsStore)");
            }
            looked.append("credential helper ").append(helper.program()).append(", ");
        }

        Optional<String> key = config.authsKeyFor(host);
        if (key.isPresent()) {
            var found = config.inlineCredentials(key.get());
            if (found.isPresent()) {
                return CredentialLookup.found(host, found.get(), displayPath + " auths[" + key.get() + "]");
            }
            looked.append(displayPath).append(" auths[").append(key.get()).append("] (empty)");
        } else {
            looked.append(displayPath).append(" auths (no entry for ").append(serverUrl).append(")");
        }
        return CredentialLookup.none(host, looked.toString());
    }

    @Override
    public String toString() {
        return displayPath;
    }
}
