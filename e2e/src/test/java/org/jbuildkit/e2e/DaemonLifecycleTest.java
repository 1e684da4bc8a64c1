package org.jbuildkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, refusing to start, and stopping the real buildkitd. */
class DaemonLifecycleTest {

    @Test
    void sigtermRemovesTheSocketAndReleasesTheRoot() {
        try (DaemonFixture daemon = DaemonFixture.unixSocket().start()) {
            assertThat(daemon.socket()).exists();
            daemon.stop();
            assertThat(daemon.socket()).doesNotExist();
            assertThat(daemon.log()).contains("stopping: cancelling in-flight requests and removing sockets");

            CommandResult again = buildkitd("--root", daemon.root().toString(), "--addr", daemon.unixAddress(),
                    "--print-config");
            assertThat(again.exitCode()).as(again.toString()).isZero();
        }
    }

    @Test
    void secondDaemonOnTheSameRootRefusesToStart(@TempDir Path tmp) {
        try (DaemonFixture first = DaemonFixture.unixSocket().start()) {
            Path config = tmp.resolve("empty.toml");
            write(config, "");
            CommandResult locked = buildkitd("--root", first.root().toString(),
                    "--addr", "unix://" + tmp.resolve("other.sock"), "--config", config.toString());
            assertThat(locked.exitCode()).isEqualTo(1);
            assertThat(locked.stderr()).contains("another buildkitd (pid " + first.process().pid() + ")")
                    .contains("is already using root " + first.root());
            assertThat(first.process().isAlive()).isTrue();
        }
    }

    @Test
    void missingConfigFileNamedByFlagIsAnError(@TempDir Path tmp) {
        Path missing = tmp.resolve("nope/buildkitd.toml");
        CommandResult result = buildkitd("--config", missing.toString(), "--root", tmp.resolve("root").toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains(missing.toString()).contains("does not exist");
    }

    @Test
    void badValueInTheConfigStopsStartupWithFileAndLine(@TempDir Path tmp) {
        Path config = tmp.resolve("buildkitd.toml");
        write(config, "root = \"" + tmp.resolve("root") + "\"\n\n[registry.\"127.0.0.1:5000\"]\n  http = \"yes\"\n");
        CommandResult result = buildkitd("--config", config.toString(), "--addr", "unix://" + tmp.resolve("s.sock"));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains(config + ":4").contains("http");
        assertThat(tmp.resolve("s.sock")).doesNotExist();
    }

    @Test
    void printConfigShowsWhereEachValueCameFrom(@TempDir Path tmp) {
        Path config = tmp.resolve("buildkitd.toml");
        write(config, "[registry.\"127.0.0.1:5000\"]\n  http = true\n  insecure = true\n");
        CommandResult result = buildkitd("--config", config.toString(), "--root", tmp.resolve("root").toString(),
                "--print-config");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains(tmp.resolve("root").toString()).contains("--root")
                .contains("buildkitd.toml:2").contains("# default");
    }

    @Test
    void addressAlreadyServedByAnotherDaemonIsRefused(@TempDir Path tmp) {
        try (DaemonFixture first = DaemonFixture.unixSocket().start()) {
            Path config = tmp.resolve("empty.toml");
            write(config, "");
            CommandResult second = buildkitd("--root", tmp.resolve("root2").toString(), "--addr",
                    first.unixAddress(), "--config", config.toString());
            assertThat(second.exitCode()).isEqualTo(1);
            assertThat(second.stderr()).contains("another daemon is answering on it");
            assertThat(first.socket()).exists();
        }
    }

    private static CommandResult buildkitd(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProjectLayout.buildkitd().toString());
        command.addAll(List.of(args));
        return Commands.run(command, java.util.Map.of(), 60);
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
