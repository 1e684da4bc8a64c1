package org.jbuildkit.registry.hosts;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jbuildkit.registry.diagnostics.Diagnosis;
import org.jbuildkit.registry.diagnostics.Phase;
import org.jbuildkit.registry.diagnostics.RegistryException;
import org.jbuildkit.registry.diagnostics.Side;

/**
 * The one place that turns a registry host into the endpoints to try, from the daemon's {@code [registry."…"]}
 * sections (upstream's {@code resolver.NewRegistryConfig}, PROTOCOLS.md §9): each mirror with its own section's
 * settings, then the origin. Immutable; endpoints (and their HTTP clients) are built once per host and reused.
 */
public final class RegistryHosts {

    /** Upstream's dial timeout ({@code net.Dialer{Timeout: 30s}}). */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    static final String DOCKER_HUB = "docker.io";
    static final String DOCKER_HUB_ENDPOINT = "registry-1.docker.io";

    private final Map<String, RegistryHostConfig> sections;
    private final Duration connectTimeout;
    private final Map<String, RegistryEndpoint> built = new ConcurrentHashMap<>();

    private RegistryHosts(Map<String, RegistryHostConfig> sections, Duration connectTimeout) {
        this.sections = Map.copyOf(sections);
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    /** Hosts from the daemon's sections, keyed as in {@code buildkitd.toml} ({@code "127.0.0.1:5000"}). */
    public static RegistryHosts of(Map<String, RegistryHostConfig> sections) {
        return new RegistryHosts(sections, DEFAULT_CONNECT_TIMEOUT);
    }

    /** No sections: HTTPS everywhere except plain HTTP for localhost. */
    public static RegistryHosts defaults() {
        return of(Map.of());
    }

    /** A copy whose endpoints use {@code timeout} for TCP connects. */
    public RegistryHosts withConnectTimeout(Duration timeout) {
        return new RegistryHosts(sections, timeout);
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * The exporter's {@code registry.insecure=true} (PROTOCOLS.md §9 rule 5): a copy in which {@code host}'s section
     * is replaced by {@code {insecure = true, http = true}}, so that push tries unverified HTTPS then plain HTTP and
     * ignores the section's CA, keypairs and mirrors. Other hosts are unchanged.
     */
    public RegistryHosts withInsecurePush(String host) {
        Map<String, RegistryHostConfig> copy = new HashMap<>(sections);
        String key = sectionKeyFor(host);
        copy.keySet().removeIf(k -> sectionKeyFor(k).equals(key));
        copy.put(key, RegistryHostConfig.section("registry.insecure=true on the output")
                .withInsecure(HostSetting.TRUE).withHttp(HostSetting.TRUE));
        return new RegistryHosts(copy, connectTimeout);
    }

    /** The section for {@code host} as configured, if any ({@code docker.io} also matches {@code index.docker.io}). */
    public java.util.Optional<RegistryHostConfig> section(String host) {
        return java.util.Optional.ofNullable(lookup(host));
    }

    public Map<String, RegistryHostConfig> sections() {
        return sections;
    }

    /**
     * The endpoints for a reference's registry, in the order to try them: for pulls and resolves, each mirror of
     * the host's section (with the mirror's own section's settings); then the origin. Pushes go to the origin only.
     *
     * @throws RegistryException (phase CONFIG) when a {@code ca}, {@code keypair} or {@code tlsconfigdir} file
     *                           cannot be used, naming the file and the key
     */
    public List<RegistryEndpoint> endpoints(String registryHost, boolean push) {
        String key = sectionKeyFor(registryHost);
        RegistryHostConfig config = lookup(registryHost);
        List<RegistryEndpoint> out = new ArrayList<>();
        if (config != null && !push) {
            for (String mirror : config.mirrors()) {
                String[] hostAndPath = splitMirror(mirror);
                String mirrorHost = hostAndPath[0];
                RegistryHostConfig mirrorConfig = lookupExact(mirrorHost);
                out.add(endpoint(mirrorHost, hostAndPath[1], Set.of(Capability.PULL, Capability.RESOLVE), mirrorHost,
                        mirrorConfig == null ? RegistryHostConfig.defaults() : mirrorConfig));
            }
        }
        String dialled = key.equals(DOCKER_HUB) ? DOCKER_HUB_ENDPOINT : key;
        out.add(endpoint(dialled, "", Set.of(Capability.PULL, Capability.RESOLVE, Capability.PUSH), key,
                config == null ? RegistryHostConfig.defaults() : config));
        return List.copyOf(out);
    }

    /** The origin endpoint alone, e.g. for {@code buildctl debug registry HOST}. */
    public RegistryEndpoint origin(String registryHost) {
        List<RegistryEndpoint> all = endpoints(registryHost, true);
        return all.get(all.size() - 1);
    }

    /** Upstream's {@code fillInsecureOpts}: which schemes a host with these settings gets. */
    static SchemePlan plan(String host, RegistryHostConfig config) {
        boolean http = config.http().isTrue() || (!config.http().isSet() && HostPort.parse(host).isLocalhost());
        if (config.insecure().isTrue()) {
            return http ? SchemePlan.HTTPS_UNVERIFIED_THEN_HTTP : SchemePlan.HTTPS_UNVERIFIED;
        }
        return http ? SchemePlan.HTTP : SchemePlan.HTTPS;
    }

    private RegistryEndpoint endpoint(String host, String pathPrefix, Set<Capability> capabilities, String sectionKey,
            RegistryHostConfig config) {
        String cacheKey = host + "\u0000" + pathPrefix + "\u0000" + capabilities + "\u0000" + sectionKey;
        return built.computeIfAbsent(cacheKey, k -> build(host, pathPrefix, capabilities, sectionKey, config));
    }

    private RegistryEndpoint build(String host, String pathPrefix, Set<Capability> capabilities, String sectionKey,
            RegistryHostConfig config) {
        SchemePlan plan = plan(host, config);
        TlsMaterial tls;
        try {
            tls = TlsMaterial.load(config, plan.verifiesCertificates());
        } catch (TlsMaterial.TlsConfigException e) {
            throw configError(sectionKey, config, e);
        }
        HttpClient client = HttpClient.newBuilder()
                // HTTP/2 flow control limits push throughput (upstream disables it too) and h2c upgrades confuse
                // plain-HTTP registries.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .sslContext(tls.sslContext())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        return new RegistryEndpoint(host, pathPrefix, plan, capabilities, sectionKey, config, tls, client,
                connectTimeout);
    }

    private static RegistryException configError(String sectionKey, RegistryHostConfig config,
            TlsMaterial.TlsConfigException e) {
        String header = "[registry.\"" + sectionKey + "\"]";
        String tomlKey = e.key.startsWith("keypair") ? "keypair" : e.key;
        var diagnosis = new Diagnosis(Diagnosis.Kind.CONFIG_ERROR, Phase.CONFIG,
                tomlKey + " file " + e.file + " of " + header + " (" + config.source() + "): " + e.reason,
                "the daemon cannot load a TLS file named in its configuration",
                "put the file at " + e.file + " on the daemon's machine (or in its container), or correct the path"
                        + " under " + header + " in buildkitd.toml");
        return new RegistryException("configuring", sectionKey, null, 0, null, Side.DAEMON,
                config.describe(sectionKey), diagnosis, e);
    }

    private RegistryHostConfig lookup(String host) {
        RegistryHostConfig exact = sections.get(host);
        if (exact != null) {
            return exact;
        }
        String key = sectionKeyFor(host);
        for (Map.Entry<String, RegistryHostConfig> entry : sections.entrySet()) {
            if (sectionKeyFor(entry.getKey()).equals(key)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private RegistryHostConfig lookupExact(String host) {
        return sections.get(host);
    }

    /** {@code index.docker.io} and {@code registry-1.docker.io} are Docker Hub, whose section key is {@code docker.io}. */
    static String sectionKeyFor(String host) {
        return switch (host) {
            case "index.docker.io", DOCKER_HUB_ENDPOINT -> DOCKER_HUB;
            default -> host;
        };
    }

    /** Upstream's {@code extractMirrorHostAndPath}: {@code host[:port][/path]}, a scheme if present is dropped. */
    static String[] splitMirror(String mirror) {
        String rest = mirror;
        try {
            URI uri = URI.create(mirror.contains("://") ? mirror : "//" + mirror);
            if (uri.getRawAuthority() != null) {
                String path = uri.getRawPath() == null ? "" : uri.getRawPath();
                while (path.endsWith("/")) {
                    path = path.substring(0, path.length() - 1);
                }
                return new String[] {uri.getRawAuthority(), path};
            }
        } catch (IllegalArgumentException e) {
            // Not parseable as a URL: upstream then uses the whole entry as the host.
        }
        return new String[] {rest, ""};
    }
}
