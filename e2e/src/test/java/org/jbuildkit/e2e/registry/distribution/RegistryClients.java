package org.jbuildkit.e2e.registry.distribution;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jbuildkit.registry.auth.CredentialSource;
import org.jbuildkit.registry.auth.RegistryAuthenticator;
import org.jbuildkit.registry.auth.TokenFetcher;
import org.jbuildkit.registry.distribution.RegistryClient;
import org.jbuildkit.registry.distribution.UploadMode;
import org.jbuildkit.registry.hosts.RegistryHostConfig;
import org.jbuildkit.registry.hosts.RegistryHosts;
import org.jbuildkit.registry.hosts.RegistryTransport;

/** Builds RegistryClients for tests: host sections in, anonymous credentials. */
final class RegistryClients {
    private RegistryClients() {
    }

    static RegistryClient anonymous(Map<String, RegistryHostConfig> sections, UploadMode mode) {
        CredentialSource none = host -> Optional.empty();
        RegistryAuthenticator auth = new RegistryAuthenticator(none,
                new TokenFetcher(HttpClient.newHttpClient(), Clock.systemUTC()), Clock.systemUTC());
        return new RegistryClient(RegistryHosts.of(sections), new RegistryTransport(), auth, 4,
                Duration.ofMillis(20), mode);
    }

    static RegistryClient anonymous(Map<String, RegistryHostConfig> sections) {
        return anonymous(sections, UploadMode.MONOLITHIC);
    }
}
