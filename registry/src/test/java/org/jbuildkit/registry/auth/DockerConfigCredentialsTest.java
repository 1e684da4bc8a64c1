package org.jbuildkit.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigCredentialsTest {

    private static final String SECRET = "s3cret-Pa55word";

    @TempDir
    Path home;

    private DockerConfigCredentials withConfig(String json) throws IOException {
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), json);
        return new DockerConfigCredentials(Map.of("HOME", home.toString(), "PATH", home.resolve("bin").toString()));
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsBase64AuthAndNamesTheEntry() throws IOException {
        var source = withConfig("{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"" + base64("alice:" + SECRET) + "\"}}}");
        var lookup = source.lookup("127.0.0.1:5000");
        assertThat(lookup.credentials()).hasValue(Credentials.password("alice", SECRET));
        assertThat(lookup.source()).isEqualTo("~/.docker/config.json auths[127.0.0.1:5000]");
        assertThat(lookup.toString()).doesNotContain(SECRET);
    }

    @Test
    void passwordMayContainColons() throws IOException {
        var source = withConfig("{\"auths\":{\"h\":{\"auth\":\"" + base64("bob:a:b:c") + "\"}}}");
        assertThat(source.credentials("h")).hasValue(Credentials.password("bob", "a:b:c"));
    }

    @Test
    void readsUsernameAndPasswordFields() throws IOException {
        var source = withConfig("{\"auths\":{\"reg.example\":{\"username\":\"u\",\"password\":\"p\"}}}");
        assertThat(source.credentials("reg.example")).hasValue(Credentials.password("u", "p"));
    }

    @Test
    void identityTokenAndRegistryToken() throws IOException {
        var source = withConfig("{\"auths\":{"
                + "\"a.example\":{\"auth\":\"" + base64("carol:") + "\",\"identitytoken\":\"" + SECRET + "\"},"
                + "\"b.example\":{\"registrytoken\":\"rt-" + SECRET + "\"}}}");
        Credentials a = source.credentials("a.example").orElseThrow();
        assertThat(a.isIdentityToken()).isTrue();
        assertThat(a.username()).isEqualTo("carol");
        assertThat(a.secret()).isEqualTo(SECRET);
        assertThat(source.credentials("b.example")).hasValue(Credentials.registryToken("rt-" + SECRET));
    }

    @Test
    void keysWithSchemeAndPathMatchTheHost() throws IOException {
        var source = withConfig("{\"auths\":{"
                + "\"https://one.example:5000/v1/\":{\"username\":\"one\",\"password\":\"x\"},"
                + "\"http://two.example\":{\"username\":\"two\",\"password\":\"x\"},"
                + "\"three.example\":{\"username\":\"three\",\"password\":\"x\"}}}");
        assertThat(source.credentials("one.example:5000").orElseThrow().username()).isEqualTo("one");
        assertThat(source.credentials("two.example").orElseThrow().username()).isEqualTo("two");
        assertThat(source.credentials("three.example").orElseThrow().username()).isEqualTo("three");
        assertThat(source.credentials("one.example")).isEmpty();
        assertThat(source.lookup("https://one.example:5000/v1/").source())
                .isEqualTo("~/.docker/config.json auths[https://one.example:5000/v1/]");
    }

    @Test
    void dockerHubAliasesUseTheIndexEntry() throws IOException {
        var source = withConfig("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + base64("hub:" + SECRET) + "\"}}}");
        for (String host : new String[] {"docker.io", "registry-1.docker.io", "index.docker.io"}) {
            var lookup = source.lookup(host);
            assertThat(lookup.credentials()).as(host).hasValue(Credentials.password("hub", SECRET));
            assertThat(lookup.source()).isEqualTo("~/.docker/config.json auths[https://index.docker.io/v1/]");
        }
    }

    @Test
    void dockerConfigVariableWins(@TempDir Path other) throws IOException {
        Files.writeString(other.resolve("config.json"), "{\"auths\":{\"h\":{\"username\":\"u\",\"password\":\"p\"}}}");
        var source = new DockerConfigCredentials(Map.of("HOME", home.toString(), "DOCKER_CONFIG", other.toString()));
        assertThat(source.configFile()).isEqualTo(other.resolve("config.json"));
        assertThat(source.lookup("h").source()).isEqualTo(other.resolve("config.json") + " auths[h]");
    }

    @Test
    void missingFileOrEntrySaysWhereItLooked() throws IOException {
        var noFile = new DockerConfigCredentials(Map.of("HOME", home.toString()));
        assertThat(noFile.lookup("h").found()).isFalse();
        assertThat(noFile.lookup("h").source()).startsWith("~/.docker/config.json (no such file");
        var noEntry = withConfig("{\"auths\":{\"other\":{}, \"empty\":{}}}");
        assertThat(noEntry.lookup("h").source()).isEqualTo("~/.docker/config.json auths (no entry for h)");
        assertThat(noEntry.lookup("empty").source()).isEqualTo("~/.docker/config.json auths[empty] (empty)");
        assertThat(withConfig("{}").credentials("h")).isEmpty();
    }

    @Test
    void malformedJsonNamesFileAndLineButNotTheContent() throws IOException {
        var source = withConfig("{\n  \"auths\": {\n    \"h\": {\"auth\": \"" + SECRET + "\" oops }\n  }\n}");
        assertThatThrownBy(() -> source.credentials("h"))
                .isInstanceOf(CredentialsException.class)
                .hasMessageContaining("~/.docker/config.json is not valid JSON at line 3")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void badBase64NamesTheEntry() throws IOException {
        var source = withConfig("{\"auths\":{\"h\":{\"auth\":\"%%%" + SECRET + "\"}}}");
        assertThatThrownBy(() -> source.credentials("h"))
                .hasMessageContaining("auths[h].auth is not valid base64")
                .hasMessageNotContaining(SECRET);
    }

    private void helper(String name, String script) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path file = bin.resolve("docker-credential-" + name);
        Files.writeString(file, "#!/bin/sh\n" + script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void credHelperGetsTheServerUrlOnStdin() throws IOException {
        helper("test", "[ \"$1\" = get ] || exit 3\nread url\n"
                + "echo \"{\\\"ServerURL\\\":\\\"$url\\\",\\\"Username\\\":\\\"user-for-$url\\\",\\\"Secret\\\":\\\"" + SECRET + "\\\"}\"\n");
        var source = withConfig("{\"credHelpers\":{\"127.0.0.1:5000\":\"test\", \"docker.io\":\"test\"},"
                + "\"auths\":{\"127.0.0.1:5000\":{\"username\":\"ignored\",\"password\":\"x\"}}}");
        var lookup = source.lookup("127.0.0.1:5000");
        assertThat(lookup.credentials()).hasValue(Credentials.password("user-for-127.0.0.1:5000", SECRET));
        assertThat(lookup.source()).isEqualTo("credential helper docker-credential-test (~/.docker/config.json credHelpers)");
        assertThat(source.credentials("registry-1.docker.io").orElseThrow().username())
                .isEqualTo("user-for-https://index.docker.io/v1/");
    }

    @Test
    void credsStoreTokenUserMeansIdentityToken() throws IOException {
        helper("store", "read url\necho '{\"ServerURL\":\"x\",\"Username\":\"<token>\",\"Secret\":\"" + SECRET + "\"}'\n");
        var source = withConfig("{\"credsStore\":\"store\"}");
        Credentials found = source.credentials("h").orElseThrow();
        assertThat(found.isIdentityToken()).isTrue();
        assertThat(found.username()).isEmpty();
        assertThat(source.lookup("h").source()).isEqualTo("credential helper docker-credential-store (~/.docker/config.json credsStore)");
    }

    @Test
    void helperWithoutTheEntryFallsBackToAuths() throws IOException {
        helper("store", "echo 'credentials not found in native keychain'\nexit 1\n");
        var source = withConfig("{\"credsStore\":\"store\",\"auths\":{\"h\":{\"username\":\"u\",\"password\":\"p\"}}}");
        assertThat(source.lookup("h").source()).isEqualTo("~/.docker/config.json auths[h]");
        assertThat(source.lookup("other").source())
                .isEqualTo("credential helper docker-credential-store, ~/.docker/config.json auths (no entry for other)");
    }

    @Test
    void missingHelperIsNamedWithTheFix() throws IOException {
        var source = withConfig("{\"credsStore\":\"pass\"}");
        assertThatThrownBy(() -> source.credentials("h"))
                .isInstanceOf(CredentialsException.class)
                .hasMessageContaining("docker-credential-pass")
                .hasMessageContaining("is not on the PATH")
                .hasMessageContaining("install docker-credential-pass, or remove it from ~/.docker/config.json credsStore");
    }

    @Test
    void failingHelperShowsItsStderrNotItsOutput() throws IOException {
        helper("broken", "read url\necho 'gpg: decryption failed: No secret key' >&2\nexit 2\n");
        var source = withConfig("{\"credHelpers\":{\"h\":\"broken\"}}");
        assertThatThrownBy(() -> source.credentials("h"))
                .hasMessageContaining("credential helper docker-credential-broken get failed for h (exit status 2)")
                .hasMessageContaining("gpg: decryption failed");
        helper("leaky", "echo 'not json " + SECRET + "'\n");
        var leaky = withConfig("{\"credHelpers\":{\"h\":\"leaky\"}}");
        assertThatThrownBy(() -> leaky.credentials("h"))
                .hasMessageContaining("answered something that is not JSON")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void credentialsNeverPrintTheirSecret() {
        var credentials = Credentials.password("alice", SECRET);
        assertThat(credentials.toString()).contains("alice").doesNotContain(SECRET);
        assertThat(credentials.describe()).doesNotContain(SECRET);
        assertThat(Credentials.identityToken("", SECRET).toString()).doesNotContain(SECRET);
        assertThat(CredentialLookup.found("h", credentials, "somewhere").toString()).doesNotContain(SECRET);
    }
}
