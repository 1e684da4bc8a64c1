package org.jbuildkit.registry.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jbuildkit.registry.diagnostics.Phase;
import org.jbuildkit.registry.diagnostics.RegistryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryHostsTest {

    @TempDir
    Path dir;

    private static RegistryHostConfig section() {
        return RegistryHostConfig.section("buildkitd.toml:3");
    }

    @Test
    void localhostWithoutHttpSettingIsPlainHttp() {
        var hosts = RegistryHosts.defaults();
        for (String host : List.of("127.0.0.1:5000", "localhost:5000", "localhost", "127.1.2.3:80", "[::1]:5000")) {
            assertEquals(SchemePlan.HTTP, hosts.origin(host).plan(), host);
        }
        assertEquals(SchemePlan.HTTPS, hosts.origin("registry.example.com:5000").plan());
        assertEquals(SchemePlan.HTTPS, hosts.origin("192.168.0.110:8082").plan());
    }

    @Test
    void httpFalseOnLocalhostMeansHttps() {
        var hosts = RegistryHosts.of(Map.of("127.0.0.1:5000", section().withHttp(HostSetting.FALSE)));
        assertEquals(SchemePlan.HTTPS, hosts.origin("127.0.0.1:5000").plan());
    }

    @Test
    void httpAndInsecureDecideThePlanAsUpstream() {
        String host = "192.168.0.110:8082";
        assertEquals(SchemePlan.HTTP, RegistryHosts.plan(host, section().withHttp(HostSetting.TRUE)));
        assertEquals(SchemePlan.HTTPS_UNVERIFIED, RegistryHosts.plan(host, section().withInsecure(HostSetting.TRUE)));
        assertEquals(SchemePlan.HTTPS_UNVERIFIED_THEN_HTTP,
                RegistryHosts.plan(host, section().withInsecure(HostSetting.TRUE).withHttp(HostSetting.TRUE)));
        // insecure on localhost with http unset: localhost counts as HTTP, so unverified HTTPS then HTTP.
        assertEquals(SchemePlan.HTTPS_UNVERIFIED_THEN_HTTP,
                RegistryHosts.plan("localhost:5000", section().withInsecure(HostSetting.TRUE)));
        assertEquals(SchemePlan.HTTPS_UNVERIFIED,
                RegistryHosts.plan("localhost:5000", section().withInsecure(HostSetting.TRUE).withHttp(HostSetting.FALSE)));
    }

    @Test
    void mirrorsComeFirstEachWithItsOwnSection() {
        var hosts = RegistryHosts.of(Map.of(
                "docker.io", section().withMirrors(List.of("mirror.internal:5000/hub/", "https://mirror.gcr.io")),
                "mirror.internal:5000", RegistryHostConfig.section("buildkitd.toml:7").withHttp(HostSetting.TRUE)));
        List<RegistryEndpoint> pull = hosts.endpoints("docker.io", false);
        assertEquals(List.of("mirror.internal:5000", "mirror.gcr.io", "registry-1.docker.io"),
                pull.stream().map(RegistryEndpoint::host).toList());
        RegistryEndpoint first = pull.get(0);
        assertEquals(SchemePlan.HTTP, first.plan());
        assertEquals("/hub", first.pathPrefix());
        assertEquals(Set.of(Capability.PULL, Capability.RESOLVE), first.capabilities());
        assertEquals("buildkitd.toml:7", first.config().source());
        assertEquals(URI.create("http://mirror.internal:5000/v2/hub/library/alpine/manifests/latest"),
                first.uri("http", "library/alpine/manifests/latest"));
        assertTrue(pull.get(1).config().isDefaults());
        assertEquals(SchemePlan.HTTPS, pull.get(1).plan());
        RegistryEndpoint origin = pull.get(2);
        assertEquals("docker.io", origin.sectionKey());
        assertTrue(origin.can(Capability.PUSH));
        assertEquals(URI.create("https://registry-1.docker.io/v2/"), origin.uri("https", ""));

        assertEquals(List.of("registry-1.docker.io"),
                hosts.endpoints("docker.io", true).stream().map(RegistryEndpoint::host).toList());
    }

    @Test
    void dockerHubNamesMapToRegistryOne() {
        var hosts = RegistryHosts.of(Map.of("docker.io", section().withInsecure(HostSetting.TRUE)));
        for (String name : List.of("docker.io", "index.docker.io", "registry-1.docker.io")) {
            RegistryEndpoint origin = hosts.origin(name);
            assertEquals("registry-1.docker.io", origin.host(), name);
            assertEquals(SchemePlan.HTTPS_UNVERIFIED, origin.plan(), name);
            assertEquals(443, origin.port("https"));
            assertFalse(origin.hasExplicitPort());
        }
    }

    @Test
    void insecurePushReplacesTheSectionForThatHostOnly() {
        Path missingCa = dir.resolve("missing-ca.pem");
        var hosts = RegistryHosts.of(Map.of(
                "registry.example.com:5000", section().withCa(List.of(missingCa)).withMirrors(List.of("m:5000")),
                "other.example.com", section().withHttp(HostSetting.TRUE)));
        RegistryHosts push = hosts.withInsecurePush("registry.example.com:5000");

        List<RegistryEndpoint> endpoints = push.endpoints("registry.example.com:5000", false);
        assertEquals(1, endpoints.size(), "the section's mirrors are not used");
        RegistryEndpoint origin = endpoints.get(0);
        assertEquals(SchemePlan.HTTPS_UNVERIFIED_THEN_HTTP, origin.plan());
        assertTrue(origin.config().ca().isEmpty());
        assertEquals("registry.insecure=true on the output", origin.config().source());
        assertEquals(SchemePlan.HTTP, push.origin("other.example.com").plan());
        // The daemon's own hosts are unchanged: base-image pulls still use the section (and fail on its CA).
        assertThrows(RegistryException.class, () -> hosts.endpoints("registry.example.com:5000", false));
    }

    @Test
    void missingCaFileNamesTheFileAndTheKey() {
        Path missing = dir.resolve("ca.pem");
        var hosts = RegistryHosts.of(Map.of("registry.example.com", section().withCa(List.of(missing))));
        var e = assertThrows(RegistryException.class, () -> hosts.endpoints("registry.example.com", false));
        assertEquals(Phase.CONFIG, e.phase());
        assertTrue(e.getMessage().contains("ca file " + missing), e.getMessage());
        assertTrue(e.getMessage().contains("[registry.\"registry.example.com\"]"), e.getMessage());
        assertTrue(e.getMessage().contains("buildkitd.toml:3"), e.getMessage());
    }

    @Test
    void missingKeypairKeyFileNamesTheKey() throws Exception {
        Path cert = Files.writeString(dir.resolve("client.pem"), TestPems.CERT);
        Path key = dir.resolve("client-key.pem");
        var hosts = RegistryHosts.of(Map.of("registry.example.com",
                section().withKeypairs(List.of(new RegistryHostConfig.KeyPair(cert, key)))));
        var e = assertThrows(RegistryException.class, () -> hosts.origin("registry.example.com"));
        assertTrue(e.getMessage().contains("keypair file " + key), e.getMessage());
    }

    @Test
    void tlsConfigDirGivesCasAndKeypairs() throws Exception {
        Files.writeString(dir.resolve("ca.crt"), TestPems.CERT);
        Files.writeString(dir.resolve("client.cert"), TestPems.CERT);
        Files.writeString(dir.resolve("client.key"), TestPems.EC_SEC1);
        Files.writeString(dir.resolve("README"), "ignored");
        var hosts = RegistryHosts.of(Map.of("registry.example.com",
                section().withTlsConfigDirs(List.of(dir, dir.resolve("absent")))));
        TlsMaterial tls = hosts.origin("registry.example.com").tls();
        assertEquals(List.of(dir.resolve("ca.crt")), tls.caFiles());
        assertEquals(List.of(new RegistryHostConfig.KeyPair(dir.resolve("client.cert"), dir.resolve("client.key"))),
                tls.keypairs());
        assertTrue(tls.verifies());
    }

    @Test
    void settingsAreDescribedForMessages() {
        assertEquals("no [registry.\"h:5000\"] section", RegistryHostConfig.defaults().describe("h:5000"));
        assertEquals("[registry.\"h:5000\"] http = true, insecure = true from buildkitd.toml:3",
                section().withHttp(HostSetting.TRUE).withInsecure(HostSetting.TRUE).describe("h:5000"));
    }
}
