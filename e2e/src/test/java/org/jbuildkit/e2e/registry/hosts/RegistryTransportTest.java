package org.jbuildkit.e2e.registry.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.registry.diagnostics.ProbeReport;
import org.jbuildkit.registry.diagnostics.RegistryProbe;
import org.jbuildkit.registry.hosts.HostSetting;
import org.jbuildkit.registry.hosts.RegistryEndpoint;
import org.jbuildkit.registry.hosts.RegistryHostConfig;
import org.jbuildkit.registry.hosts.RegistryHosts;
import org.jbuildkit.registry.hosts.RegistryTransport;
import org.jbuildkit.registry.hosts.SchemePlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /v2/} through {@link RegistryTransport} against real registries, with each way of configuring a host. */
class RegistryTransportTest {

    @RegisterExtension
    static RegistryFixture plain = RegistryFixture.plainHttp();

    @RegisterExtension
    static RegistryFixture tls = RegistryFixture.tls();

    @RegisterExtension
    static RegistryFixture mutualTls = RegistryFixture.mutualTls();

    private final RegistryTransport transport = new RegistryTransport();

    private static RegistryHostConfig section() {
        return RegistryHostConfig.section("buildkitd.toml:1");
    }

    private HttpResponse<String> ping(RegistryEndpoint endpoint) {
        return transport.send(endpoint, "", HttpRequest.newBuilder().GET(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void localhostRegistryWithoutSectionIsReachedOverPlainHttp() {
        RegistryEndpoint endpoint = RegistryHosts.defaults().origin(plain.host());
        assertEquals(SchemePlan.HTTP, endpoint.plan());
        var response = ping(endpoint);
        assertEquals(200, response.statusCode());
        assertEquals("http", response.uri().getScheme());
    }

    @Test
    void httpsRegistryWithItsCaIsVerified() {
        var hosts = RegistryHosts.of(Map.of(tls.host(),
                section().withHttp(HostSetting.FALSE).withCa(List.of(tls.caCert()))));
        var response = ping(hosts.origin(tls.host()));
        assertEquals(200, response.statusCode());
        assertTrue(response.sslSession().isPresent());
    }

    @Test
    void insecureHttpsAcceptsTheUnknownCertificate() {
        var hosts = RegistryHosts.of(Map.of(tls.host(),
                section().withHttp(HostSetting.FALSE).withInsecure(HostSetting.TRUE)));
        RegistryEndpoint endpoint = hosts.origin(tls.host());
        assertEquals(SchemePlan.HTTPS_UNVERIFIED, endpoint.plan());
        assertEquals(200, ping(endpoint).statusCode());
    }

    @Test
    void mutualTlsWithKeypair() {
        var certs = mutualTls.certificates();
        var hosts = RegistryHosts.of(Map.of(mutualTls.host(), section().withHttp(HostSetting.FALSE)
                .withCa(List.of(certs.caCert()))
                .withKeypairs(List.of(new RegistryHostConfig.KeyPair(certs.clientCert(), certs.clientKey())))));
        assertEquals(200, ping(hosts.origin(mutualTls.host())).statusCode());
    }

    @Test
    void insecureAndHttpFallsBackToPlainHttpAndRemembersIt() {
        var hosts = RegistryHosts.of(Map.of(plain.host(),
                section().withInsecure(HostSetting.TRUE).withHttp(HostSetting.TRUE)));
        RegistryEndpoint endpoint = hosts.origin(plain.host());
        assertEquals(SchemePlan.HTTPS_UNVERIFIED_THEN_HTTP, endpoint.plan());
        assertEquals("https", transport.schemeFor(endpoint));

        var response = ping(endpoint);
        assertEquals(200, response.statusCode());
        assertEquals("http", response.uri().getScheme());
        assertTrue(transport.fellBackToHttp(endpoint));
        assertEquals("http", transport.schemeFor(endpoint));
        assertEquals(200, ping(endpoint).statusCode());
    }

    @Test
    void insecureAndHttpStaysOnHttpsWhenTheRegistrySpeaksIt() {
        RegistryEndpoint endpoint = RegistryHosts.defaults().withInsecurePush(tls.host()).origin(tls.host());
        var response = ping(endpoint);
        assertEquals(200, response.statusCode());
        assertEquals("https", response.uri().getScheme());
        assertFalse(transport.fellBackToHttp(endpoint));
    }

    @Test
    void probeReportsEveryPhaseAndEndsWithTheFix() {
        var hosts = RegistryHosts.of(Map.of(tls.host(),
                section().withHttp(HostSetting.FALSE).withCa(List.of(tls.caCert()))));
        ProbeReport report = new RegistryProbe().probe(hosts.origin(tls.host()));
        assertTrue(report.ok(), report.render());
        String rendered = report.render();
        assertTrue(rendered.contains("DNS"), rendered);
        assertTrue(rendered.contains("CONNECT"), rendered);
        assertTrue(rendered.contains("TLS     OK"), rendered);
        assertTrue(rendered.contains("subject CN=localhost, issuer CN=jbuildkit test CA, SANs IP:127.0.0.1, DNS:localhost"),
                rendered);
        assertTrue(rendered.contains("GET /v2/ → 200"), rendered);
        assertTrue(rendered.strip().lines().reduce((a, b) -> b).orElseThrow().startsWith("fix: "), rendered);
    }
}
