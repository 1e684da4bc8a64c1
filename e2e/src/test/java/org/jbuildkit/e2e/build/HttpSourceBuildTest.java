package org.jbuildkit.e2e.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.HttpFileServer;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.e2e.fixtures.TestCertificates;
import org.jbuildkit.llb.HttpOptions;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Mount;
import org.jbuildkit.llb.Run;
import org.jbuildkit.llb.State;
import org.jbuildkit.registry.image.Digest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP(S) sources in real builds: an HTTPS server whose CA the daemon trusts through SSL_CERT_FILE and a
 * plain HTTP one; checksums verified, names, modes and owners applied, and unchanged files answered by a
 * 304 (ETag or Last-Modified) so the build stays cached.
 */
class HttpSourceBuildTest {
    private static final TestCertificates CERTS = TestCertificates.create(tempDir());
    private static final Instant MODIFIED = Instant.parse("2024-05-06T07:08:09Z");

    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    @RegisterExtension
    static final HttpFileServer HTTPS = HttpFileServer.https(CERTS);
    @RegisterExtension
    static final HttpFileServer HTTP = HttpFileServer.plainHttp();
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket()
            .withEnvironment(Map.of("SSL_CERT_FILE", CERTS.caCert().toString()));

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("http-source-certs");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static CommandResult build(Path tmp, Definition definition) throws Exception {
        Path file = Files.write(tmp.resolve("def-" + System.nanoTime()), definition.toByteArray());
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(),
                "--addr", DAEMON.unixAddress(), "build", "--progress", "plain"));
        return Commands.run(command, Map.of(), 180, file);
    }

    /** A step that shows what the download mounted at /in holds. */
    private static Definition show(State download, String script) {
        return Llb.image(REGISTRY.host() + "/busybox:latest")
                .run(Run.shell(script).withMount(Mount.bind("/in", download).readOnly())).root().marshal();
    }

    @Test
    void aChecksummedFileGetsItsNameModeAndOwner(@TempDir Path tmp) throws Exception {
        byte[] body = utf8("#!/bin/sh\necho tool\n");
        HTTPS.serve("/tool.sh", new HttpFileServer.File(body, null, null, null));
        HttpOptions options = HttpOptions.defaults().withChecksum(Digest.sha256(body).toString())
                .withFilename("renamed.sh").withChmod(0755).withChown(1234, 2345);
        CommandResult result = build(tmp, show(Llb.http(HTTPS.url("/tool.sh"), options),
                "stat -c 'file=%n mode=%a owner=%u:%g' /in/*; /in/renamed.sh"));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} file=/in/renamed.sh mode=755 owner=1234:2345")
                .containsPattern("#\\d+ \\d+\\.\\d{3} tool");
    }

    @Test
    void aChecksumMismatchNamesBothDigestsAndKeepsNothing(@TempDir Path tmp) throws Exception {
        byte[] body = utf8("what the server has\n");
        HTTPS.serve("/changed.bin", new HttpFileServer.File(body, null, null, null));
        Digest expected = Digest.sha256(utf8("what the build expects\n"));
        CommandResult result = build(tmp, show(Llb.http(HTTPS.url("/changed.bin"),
                HttpOptions.defaults().withChecksum(expected.toString())), "true"));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("digest mismatch for " + HTTPS.url("/changed.bin"))
                .contains("expected " + expected).contains("got " + Digest.sha256(body));
        assertThat(DAEMON.root().resolve("content/blobs/sha256").resolve(Digest.sha256(body).hex())).doesNotExist();
        try (var partial = Files.list(DAEMON.root().resolve("http/ingest"))) {
            assertThat(partial).isEmpty();
        }
    }

    @Test
    void aBrokenDownloadFailsAndKeepsNothing(@TempDir Path tmp) throws Exception {
        byte[] body = new byte[256 * 1024];
        new java.util.Random(7).nextBytes(body);
        HTTPS.serveBroken("/broken.bin", new HttpFileServer.File(body, "\"b1\"", null, null), 100_000);
        CommandResult result = build(tmp, show(Llb.http(HTTPS.url("/broken.bin")), "true"));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("download of " + HTTPS.url("/broken.bin") + " broke off after")
                .contains("nothing was kept");
        assertThat(DAEMON.root().resolve("content/blobs/sha256").resolve(Digest.sha256(body).hex())).doesNotExist();
        try (var partial = Files.list(DAEMON.root().resolve("http/ingest"))) {
            assertThat(partial).isEmpty();
        }

        HTTPS.serve("/broken.bin", new HttpFileServer.File(body, "\"b1\"", null, null));
        CommandResult retried = build(tmp, show(Llb.http(HTTPS.url("/broken.bin")), "wc -c < /in/broken.bin"));
        assertThat(retried.exitCode()).as(retried.toString()).isZero();
        assertThat(retried.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} 262144");
        assertThat(HTTPS.requests("/broken.bin")).last().isEqualTo(new HttpFileServer.Request("/broken.bin", null,
                null, 200));
    }

    @Test
    void anUnchangedFileIsAnsweredBy304AndAChangedOneRunsTheStepAgain(@TempDir Path tmp) throws Exception {
        HTTPS.serve("/notes.txt", new HttpFileServer.File(utf8("first notes\n"), "\"v1\"", MODIFIED, null));
        Definition def = show(Llb.http(HTTPS.url("/notes.txt")), "cat /in/notes.txt;"
                + " stat -c 'mode=%a mtime=%Y' /in/notes.txt");

        CommandResult first = build(tmp, def);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} first notes")
                .containsPattern("#\\d+ \\d+\\.\\d{3} mode=600 mtime=" + MODIFIED.getEpochSecond());

        CommandResult second = build(tmp, def);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.stderr()).doesNotContain("DONE").contains("CACHED");
        assertThat(HTTPS.requests("/notes.txt")).last()
                .isEqualTo(new HttpFileServer.Request("/notes.txt", "\"v1\"", null, 304));

        HTTPS.serve("/notes.txt", new HttpFileServer.File(utf8("second notes\n"), "\"v2\"", MODIFIED.plusSeconds(60),
                null));
        CommandResult changed = build(tmp, def);
        assertThat(changed.exitCode()).as(changed.toString()).isZero();
        assertThat(changed.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} second notes");
        assertThat(HTTPS.requests("/notes.txt")).last()
                .isEqualTo(new HttpFileServer.Request("/notes.txt", "\"v1\"", null, 200));
    }

    @Test
    void theSameBytesBehindANewEtagLeaveTheBuildCached(@TempDir Path tmp) throws Exception {
        HTTPS.serve("/same.txt", new HttpFileServer.File(utf8("same bytes\n"), "\"a\"", null, null));
        Definition def = show(Llb.http(HTTPS.url("/same.txt")), "cat /in/same.txt");
        CommandResult first = build(tmp, def);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} same bytes");

        HTTPS.serve("/same.txt", new HttpFileServer.File(utf8("same bytes\n"), "\"b\"", null, null));
        CommandResult again = build(tmp, def);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.stderr()).doesNotContain("DONE").contains("CACHED");
        assertThat(HTTPS.requests("/same.txt")).last().extracting(HttpFileServer.Request::status).isEqualTo(200);
    }

    @Test
    void aServerWithoutEtagIsAskedIfModifiedSince(@TempDir Path tmp) throws Exception {
        HTTPS.serve("/dated.txt", new HttpFileServer.File(utf8("dated\n"), null, MODIFIED, null));
        Definition def = show(Llb.http(HTTPS.url("/dated.txt")), "cat /in/dated.txt");
        CommandResult first = build(tmp, def);
        assertThat(first.exitCode()).as(first.toString()).isZero();

        CommandResult second = build(tmp, def);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.stderr()).doesNotContain("DONE").contains("CACHED");
        assertThat(HTTPS.requests("/dated.txt")).last().isEqualTo(new HttpFileServer.Request("/dated.txt", null,
                HttpFileServer.httpDate(MODIFIED), 304));
    }

    @Test
    void plainHttpWorksAndTheServersSuggestedNameIsUsed(@TempDir Path tmp) throws Exception {
        HTTP.serve("/get", new HttpFileServer.File(utf8("plain\n"), null, null,
                "attachment; filename=\"suggested.txt\""));
        CommandResult result = build(tmp, show(Llb.http(HTTP.url("/get")), "cat /in/suggested.txt"));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).containsPattern("#\\d+ \\d+\\.\\d{3} plain");
    }

    @Test
    void aServerTheDaemonDoesNotTrustFailsWithTheFix(@TempDir Path tmp) throws Exception {
        HTTPS.serve("/trusted-only.txt", new HttpFileServer.File(utf8("x\n"), null, null, null));
        Path def = Files.write(tmp.resolve("def"), show(Llb.http(HTTPS.url("/trusted-only.txt")), "true")
                .toByteArray());
        try (DaemonFixture untrusting = DaemonFixture.unixSocket().start()) {
            CommandResult result = Commands.run(List.of(ProjectLayout.buildctl().toString(), "--addr",
                    untrusting.unixAddress(), "build", "--progress", "plain"), Map.of(), 180, def);
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr()).contains("TLS with " + HTTPS.url("/").substring("https://".length())
                    .replace("/", "") + " failed for " + HTTPS.url("/trusted-only.txt")
                    + ": certificate signed by unknown authority").contains("fix: give the daemon the server's CA")
                    .contains("error: failed to solve: TLS with");
        }
    }
}
