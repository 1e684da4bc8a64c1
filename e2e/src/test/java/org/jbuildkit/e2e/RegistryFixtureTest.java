package org.jbuildkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RegistryFixtureTest {

    @RegisterExtension
    static RegistryFixture plain = RegistryFixture.plainHttp();

    @RegisterExtension
    static RegistryFixture tls = RegistryFixture.tls();

    @RegisterExtension
    static RegistryFixture mutualTls = RegistryFixture.mutualTls();

    @Test
    void plainHttpRegistryAnswersTheV2Endpoint() throws Exception {
        assertThat(plain.host()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(plain.url()).hasScheme("http");

        HttpResponse<String> response = get(plainClient(), plain.url().resolve("/v2/"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Docker-Distribution-Api-Version")).hasValue("registry/2.0");
    }

    @Test
    void tlsRegistryAnswersAClientThatTrustsTheTestCa() throws Exception {
        assertThat(tls.url()).hasScheme("https");
        assertThat(tls.caCert()).exists();

        HttpResponse<String> response = get(tls.httpClient(), tls.url().resolve("/v2/"));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void tlsRegistryIsRefusedByAClientWithoutTheTestCa() throws Exception {
        HttpClient withJvmDefaultTrust = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(SSLContext.getDefault())
                .build();

        assertThatThrownBy(() -> get(withJvmDefaultTrust, tls.url().resolve("/v2/")))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("unable to find valid certification path");
    }

    @Test
    void tlsRegistryTellsAPlainHttpClientToUseHttps() throws Exception {
        HttpResponse<String> response = get(plainClient(), URI.create("http://" + tls.host() + "/v2/"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("HTTP request to an HTTPS server");
    }

    @Test
    void mutualTlsRegistryAnswersAClientWithACertificateFromTheTestCa() throws Exception {
        HttpResponse<String> response = get(mutualTls.httpClient(), mutualTls.url().resolve("/v2/"));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void mutualTlsRegistryRefusesAClientWithoutACertificate() {
        HttpClient noClientCert = tlsClient(mutualTls.certificates().trustingCa());

        assertThatThrownBy(() -> get(noClientCert, mutualTls.url().resolve("/v2/"))).isInstanceOf(IOException.class);
    }

    @Test
    void mutualTlsRegistryRefusesAClientCertificateFromAnotherCa() {
        HttpClient otherCaClient = tlsClient(mutualTls.certificates().clientWithOtherCaCert());

        assertThatThrownBy(() -> get(otherCaClient, mutualTls.url().resolve("/v2/"))).isInstanceOf(IOException.class);
    }

    @Test
    void closingStopsTheRegistryAndDeletesItsFiles() throws Exception {
        int port;
        Path workDir;
        try (var registry = RegistryFixture.plainHttp().start()) {
            port = registry.url().getPort();
            workDir = registry.logFile().getParent();
            assertThat(Files.readString(registry.logFile())).contains("listening on 127.0.0.1:" + port);
        }

        assertThat(workDir).doesNotExist();
        assertThatThrownBy(() -> {
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    @Nested
    class RegisteredOnAnInstanceField {

        @RegisterExtension
        RegistryFixture perTest = RegistryFixture.plainHttp();

        @Test
        void runsForTheTestOnly() throws Exception {
            assertThat(perTest.host()).isNotEqualTo(plain.host());
            assertThat(get(plainClient(), perTest.url().resolve("/v2/")).statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> get(HttpClient client, URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient plainClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    private static HttpClient tlsClient(SSLContext context) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context).build();
    }
}
