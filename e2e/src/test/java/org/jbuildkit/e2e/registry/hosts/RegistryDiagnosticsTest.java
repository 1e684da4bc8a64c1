package org.jbuildkit.e2e.registry.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.e2e.fixtures.TestCertificate;
import org.jbuildkit.e2e.fixtures.TlsTestServer;
import org.jbuildkit.registry.diagnostics.Diagnosis.Kind;
import org.jbuildkit.registry.diagnostics.Phase;
import org.jbuildkit.registry.diagnostics.RegistryException;
import org.jbuildkit.registry.diagnostics.Side;
import org.jbuildkit.registry.hosts.HostSetting;
import org.jbuildkit.registry.hosts.RegistryHostConfig;
import org.jbuildkit.registry.hosts.RegistryHosts;
import org.jbuildkit.registry.hosts.RegistryTransport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every registry failure of issue 3 reproduced for real on 127.0.0.1, and the message it gives asserted. */
class RegistryDiagnosticsTest {

    @RegisterExtension
    static RegistryFixture plain = RegistryFixture.plainHttp();

    @RegisterExtension
    static RegistryFixture tls = RegistryFixture.tls();

    @TempDir
    static Path dir;

    static TestCertificate.Issued ca;
    static Path caPem;

    private final RegistryTransport transport = new RegistryTransport();

    @BeforeAll
    static void makeCa() {
        ca = TestCertificate.ca("jbuildkit diagnostics CA");
        caPem = ca.writeCert(dir.resolve("diagnostics-ca.pem"));
    }

    private static RegistryHostConfig https() {
        return RegistryHostConfig.section("buildkitd.toml:1").withHttp(HostSetting.FALSE);
    }

    private RegistryException failure(RegistryHosts hosts, String host) {
        return assertThrows(RegistryException.class, () -> transport.send(hosts.origin(host), "",
                HttpRequest.newBuilder().GET(), HttpResponse.BodyHandlers.ofString()));
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected «" + part + "» in:\n" + message);
        }
    }

    @Test
    void httpsToPlainHttpRegistrySaysToSetHttpTrue() {
        String host = plain.host();
        var e = failure(RegistryHosts.of(Map.of(host, https())), host);
        assertEquals(Kind.PLAIN_HTTP_ON_HTTPS, e.kind());
        assertEquals(Side.DAEMON, e.side());
        assertContains(e.getMessage(), "pulling from " + host + ": daemon, TLS phase: https://" + host
                + "/v2/ answered in plain HTTP. Fix: the registry speaks plain HTTP; add [registry.\"" + host
                + "\"] http = true to buildkitd.toml (or registry.insecure=true on the output).",
                "[registry.\"" + host + "\"] http = false from buildkitd.toml:1");
    }

    @Test
    void plainHttpToTlsRegistrySaysItSpeaksHttps() {
        String host = tls.host();
        var e = failure(RegistryHosts.defaults(), host);
        assertEquals(Kind.HTTP_TO_HTTPS_PORT, e.kind());
        assertContains(e.getMessage(), "daemon, HTTP phase: http://" + host + "/v2/ answered 400",
                "a localhost registry defaults to plain HTTP", "no [registry.\"" + host + "\"] section",
                "dialled 127.0.0.1:" + host.split(":")[1] + " over http");
    }

    @Test
    void unknownAuthorityNamesSubjectAndIssuerAndSaysToAddCa() {
        String host = tls.host();
        var e = failure(RegistryHosts.of(Map.of(host, https())), host);
        assertEquals(Kind.UNKNOWN_AUTHORITY, e.kind());
        assertEquals(Phase.TLS, e.phase());
        assertContains(e.getMessage(), "presented a certificate for CN=localhost issued by CN=jbuildkit test CA",
                "certificate signed by unknown authority", "ca = [\"/path/ca.pem\"]",
                "under [registry.\"" + host + "\"]", "trust store of the daemon's machine");
    }

    @Test
    void sniRejectionNamesTheNameSent() {
        var leaf = TestCertificate.leaf(ca, "registry.internal", List.of("DNS:registry.internal"));
        try (var server = TlsTestServer.requiringSni(leaf, "registry.internal")) {
            String host = "localhost:" + server.port();
            var e = failure(RegistryHosts.of(Map.of(host, https().withCa(List.of(caPem)))), host);
            assertEquals(Kind.SNI_REJECTED, e.kind());
            assertContains(e.getMessage(), "answered SNI name \"localhost\" with TLS alert unrecognized_name",
                    "svc.cluster.local", "insecure = true");
        }
    }

    @Test
    void certificateForAnotherNameListsItsSans() {
        var leaf = TestCertificate.leaf(ca, "registry.internal",
                List.of("DNS:registry.internal", "DNS:registry.dev.svc.cluster.local"));
        try (var server = TlsTestServer.serving(leaf)) {
            String host = server.host();
            var e = failure(RegistryHosts.of(Map.of(host, https().withCa(List.of(caPem)))), host);
            assertEquals(Kind.NAME_MISMATCH, e.kind());
            assertContains(e.getMessage(), "presented a certificate for DNS:registry.internal,"
                    + " DNS:registry.dev.svc.cluster.local, not for 127.0.0.1", "IP:127.0.0.1");
        }
    }

    @Test
    void commonNameOnlyCertificateIsExplained() {
        var leaf = TestCertificate.leaf(ca, "127.0.0.1", List.of());
        try (var server = TlsTestServer.serving(leaf)) {
            String host = server.host();
            var e = failure(RegistryHosts.of(Map.of(host, https().withCa(List.of(caPem)))), host);
            assertEquals(Kind.COMMON_NAME_ONLY, e.kind());
            assertContains(e.getMessage(), "only a Common Name (CN=127.0.0.1) and no subject alternative names",
                    "subjectAltName=IP:127.0.0.1");
        }
    }

    @Test
    void closedPortIsConnectionRefusedWithTheAddressDialled() throws IOException {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String host = "127.0.0.1:" + port;
        var e = failure(RegistryHosts.defaults(), host);
        assertEquals(Kind.CONNECTION_REFUSED, e.kind());
        assertContains(e.getMessage(), "daemon, CONNECT phase: connection to 127.0.0.1:" + port + " refused",
                "dialled 127.0.0.1:" + port + " over http");
    }

    @Test
    void connectTimeoutNamesTheAddressAndPort() throws IOException {
        try (var listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> backlog = fillBacklog(listener);
            try {
                String host = "127.0.0.1:" + listener.getLocalPort();
                var hosts = RegistryHosts.defaults().withConnectTimeout(Duration.ofMillis(300));
                var e = failure(hosts, host);
                assertEquals(Kind.CONNECT_TIMEOUT, e.kind());
                assertContains(e.getMessage(), "CONNECT phase: connecting to " + host + " timed out after 300ms");
            } finally {
                for (Socket s : backlog) {
                    s.close();
                }
            }
        }
    }

    @Test
    void unresolvableNameIsADnsFailure() {
        String host = "registry.invalid:5000";
        var e = failure(RegistryHosts.of(Map.of(host, https())), host);
        assertEquals(Kind.DNS_FAILURE, e.kind());
        assertContains(e.getMessage(), "daemon, DNS phase: the name registry.invalid does not resolve");
    }

    @Test
    void kubernetesServiceNameSaysItResolvesOnlyInTheCluster() {
        String host = "registry.dev.svc.cluster.invalid:5000";
        var e = failure(RegistryHosts.of(Map.of(host, https())), host);
        assertEquals(Kind.DNS_FAILURE, e.kind());
        assertContains(e.getMessage(), "looks like a Kubernetes service name", "only inside the cluster");
    }

    /** Fills the accept queue of a listener that never accepts, so the next SYN is dropped and connect times out. */
    private static List<Socket> fillBacklog(ServerSocket listener) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            var socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 100);
                sockets.add(socket);
            } catch (SocketTimeoutException e) {
                socket.close();
                return sockets;
            }
        }
        throw new IllegalStateException("the listen backlog never filled up; cannot provoke a connect timeout");
    }
}
