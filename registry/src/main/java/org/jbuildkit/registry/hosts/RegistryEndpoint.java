package org.jbuildkit.registry.hosts;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * One place to send a registry request to: a mirror or the origin, as upstream's {@code docker.RegistryHost}.
 *
 * @param host          {@code host[:port]} as dialled ({@code registry-1.docker.io} for {@code docker.io})
 * @param pathPrefix    a mirror's path, inserted after {@code /v2} ({@code ""} or {@code "/prefix"})
 * @param plan          the scheme(s) to try
 * @param capabilities  {@code PULL, RESOLVE} for mirrors, plus {@code PUSH} for the origin
 * @param sectionKey    the {@code [registry."…"]} key whose settings apply (for messages and fixes)
 * @param config        the section applied, or {@link RegistryHostConfig#defaults()} when there is none
 * @param tls           the trust and client certificates built from that section
 * @param httpClient    an HTTP/1.1 client with {@code tls}'s context and the connect timeout
 * @param connectTimeout the TCP connect timeout used by the client, the transport and the probe
 */
public record RegistryEndpoint(
        String host,
        String pathPrefix,
        SchemePlan plan,
        Set<Capability> capabilities,
        String sectionKey,
        RegistryHostConfig config,
        TlsMaterial tls,
        HttpClient httpClient,
        Duration connectTimeout) {

    public RegistryEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        Objects.requireNonNull(plan, "plan");
        capabilities = Set.copyOf(capabilities);
        Objects.requireNonNull(sectionKey, "sectionKey");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(httpClient, "httpClient");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    public SSLContext sslContext() {
        return tls.sslContext();
    }

    public boolean can(Capability capability) {
        return capabilities.contains(capability);
    }

    public boolean isMirror() {
        return !capabilities.contains(Capability.PUSH);
    }

    /** The host name without port or IPv6 brackets: what is resolved and sent as SNI. */
    public String hostName() {
        return HostPort.parse(host).name();
    }

    /** True for an IP address literal; no SNI name is sent then. */
    public boolean hostIsIpLiteral() {
        return HostPort.parse(host).isIpLiteral();
    }

    /** True when {@link #host} names a port; false means the scheme's default (a frequent mistake). */
    public boolean hasExplicitPort() {
        return HostPort.parse(host).port() > 0;
    }

    /** The port dialled for {@code scheme}: the explicit one, else 443 or 80. */
    public int port(String scheme) {
        int port = HostPort.parse(host).port();
        return port > 0 ? port : "http".equals(scheme) ? 80 : 443;
    }

    /** {@code scheme://host/v2<pathPrefix>/<apiPath>}; {@code apiPath ""} is the API root {@code /v2/}. */
    public URI uri(String scheme, String apiPath) {
        String path = apiPath.startsWith("/") ? apiPath.substring(1) : apiPath;
        return URI.create(scheme + "://" + host + "/v2" + pathPrefix + "/" + path);
    }

    /** The settings applied, for messages: {@code [registry."h"] http = true from buildkitd.toml:3}. */
    public String describeSettings() {
        return config.describe(sectionKey);
    }
}
