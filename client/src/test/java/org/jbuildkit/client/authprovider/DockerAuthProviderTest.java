package org.jbuildkit.client.authprovider;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jbuildkit.api.auth.CredentialsRequest;
import org.jbuildkit.api.auth.CredentialsResponse;
import org.jbuildkit.api.auth.FetchTokenRequest;
import org.jbuildkit.api.auth.FetchTokenResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerAuthProviderTest {

    @TempDir
    Path dockerConfig;

    private HttpServer tokenServer;
    private final List<String> tokenRequests = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (tokenServer != null) {
            tokenServer.stop(0);
        }
    }

    private DockerAuthProvider provider(String configJson, Map<String, String> extraEnvironment) throws IOException {
        Files.writeString(dockerConfig.resolve("config.json"), configJson);
        var environment = new java.util.HashMap<>(Map.of("DOCKER_CONFIG", dockerConfig.toString(),
                "HOME", dockerConfig.toString(), "PATH", "/usr/bin:/bin"));
        environment.putAll(extraEnvironment);
        return DockerAuthProvider.forEnvironment(environment);
    }

    private static String auth(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static CredentialsResponse ask(DockerAuthProvider provider, String host) {
        var answer = new Collected<CredentialsResponse>();
        provider.credentials(CredentialsRequest.newBuilder().setHost(host).build(), answer);
        return answer.value();
    }

    @Test
    void dockerHubHostsAnswerFromTheIndexKeyAsUpstreamMapsThem() throws IOException {
        var provider = provider("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + auth("hubuser", "hubpw")
                + "\"}}}", Map.of());
        for (String host : List.of("registry-1.docker.io", "docker.io", "index.docker.io")) {
            CredentialsResponse answer = ask(provider, host);
            assertThat(answer.getUsername()).as(host).isEqualTo("hubuser");
            assertThat(answer.getSecret()).as(host).isEqualTo("hubpw");
        }
        assertThat(ask(provider, "127.0.0.1:5000").getSecret()).as("other hosts are not Docker Hub").isEmpty();
    }

    @Test
    void aHostIsAnsweredFromItsOwnEntryAndNothingForOthers() throws IOException {
        var provider = provider("{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"" + auth("alice", "pw") + "\"}}}", Map.of());
        assertThat(ask(provider, "127.0.0.1:5000").getUsername()).isEqualTo("alice");
        assertThat(ask(provider, "127.0.0.1:5001")).isEqualTo(CredentialsResponse.getDefaultInstance());
    }

    @Test
    void anIdentityTokenIsTheSecretWithNoUserName() throws IOException {
        var provider = provider("{\"auths\":{\"reg.example\":{\"auth\":\"" + auth("alice", "") + "\","
                + "\"identitytoken\":\"refresh-123\"}}}", Map.of());
        CredentialsResponse answer = ask(provider, "reg.example");
        assertThat(answer.getUsername()).isEmpty();
        assertThat(answer.getSecret()).isEqualTo("refresh-123");
    }

    @Test
    void onlyCredentialsAndFetchTokenAreAdvertisedAndNoFetchTokenWhenClientTokensAreOff() throws IOException {
        assertThat(methods(provider("{}", Map.of())))
                .containsExactlyInAnyOrder("moby.filesync.v1.Auth/Credentials", "moby.filesync.v1.Auth/FetchToken");
        for (String on : List.of("1", "true", "TRUE", "t")) {
            assertThat(methods(provider("{}", Map.of(DockerAuthProvider.NO_CLIENT_TOKEN, on)))).as(on)
                    .containsExactly("moby.filesync.v1.Auth/Credentials");
        }
        assertThat(methods(provider("{}", Map.of(DockerAuthProvider.NO_CLIENT_TOKEN, "0"))))
                .contains("moby.filesync.v1.Auth/FetchToken");
    }

    @Test
    void fetchTokenAsksTheRealmWithTheUsersCredentialsAndBuildctlsUserAgent() throws IOException {
        startTokenServer(200, "{\"token\":\"tok-1\",\"expires_in\":120,\"issued_at\":\"2024-05-01T10:00:00Z\"}");
        var provider = provider("{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"" + auth("alice", "pw") + "\"}}}", Map.of());
        var answer = new Collected<FetchTokenResponse>();
        provider.fetchToken(tokenRequest("127.0.0.1:5000"), answer);
        assertThat(answer.value().getToken()).isEqualTo("tok-1");
        assertThat(answer.value().getExpiresIn()).isEqualTo(120);
        assertThat(answer.value().getIssuedAt()).isEqualTo(1714557600L);
        assertThat(tokenRequests).singleElement().asString()
                .contains("user=alice").contains("scope=repository:team/app:pull").contains("agent=buildctl/");
    }

    @Test
    void aRefusedTokenRequestIsUnauthenticatedNamingTheRealmButNotTheSecret() throws IOException {
        startTokenServer(401, "{\"errors\":[{\"message\":\"wrong user name or password\"}]}");
        var provider = provider("{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"" + auth("alice", "S3cret-pw") + "\"}}}",
                Map.of());
        var answer = new Collected<FetchTokenResponse>();
        provider.fetchToken(tokenRequest("127.0.0.1:5000"), answer);
        Status status = answer.error();
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(status.getDescription()).contains(realm()).contains("401").contains("wrong user name or password")
                .doesNotContain("S3cret-pw").doesNotContain(auth("alice", "S3cret-pw"));
    }

    private FetchTokenRequest tokenRequest(String host) {
        return FetchTokenRequest.newBuilder().setClientID("buildkit-client").setHost(host).setRealm(realm())
                .setService("svc").addScopes("repository:team/app:pull").build();
    }

    private String realm() {
        return "http://127.0.0.1:" + tokenServer.getAddress().getPort() + "/token";
    }

    private void startTokenServer(int status, String body) throws IOException {
        tokenServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        tokenServer.createContext("/token", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String user = authorization == null ? "" : new String(Base64.getDecoder().decode(authorization.substring(6)),
                    StandardCharsets.UTF_8).split(":")[0];
            tokenRequests.add("user=" + user + " " + java.net.URLDecoder.decode(exchange.getRequestURI().getRawQuery(),
                    StandardCharsets.UTF_8) + " agent=" + exchange.getRequestHeaders().getFirst("User-Agent"));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        tokenServer.start();
    }

    private static List<String> methods(DockerAuthProvider provider) {
        var names = new ArrayList<String>();
        for (ServerMethodDefinition<?, ?> method : provider.service().getMethods()) {
            names.add(method.getMethodDescriptor().getFullMethodName());
        }
        return names;
    }

    /** A unary answer, or its error. */
    private static final class Collected<T> implements StreamObserver<T> {
        private T value;
        private Throwable error;

        @Override
        public void onNext(T v) {
            value = v;
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onCompleted() {
        }

        T value() {
            assertThat(error).as("the call failed").isNull();
            return value;
        }

        Status error() {
            assertThat(error).isInstanceOf(StatusRuntimeException.class);
            return ((StatusRuntimeException) error).getStatus();
        }
    }
}
