package org.jbuildkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.llb.Llb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the real buildctl says about {@code --local} flags it cannot serve. All of it is decided
 * before the daemon is dialled, so these run against an address where nothing listens: a flag that
 * passes gets as far as the connection error.
 */
class LocalFlagErrorsTest {
    private static final String NO_DAEMON = "unix:///nonexistent.sock";

    @TempDir
    Path tmp;

    private static CommandResult build(Path stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(), "--addr", NO_DAEMON,
                "build"));
        command.addAll(List.of(args));
        return Commands.run(command, Map.of(), 120, stdin == null ? Path.of("/dev/null") : stdin);
    }

    private static void assertOneLineError(CommandResult result, String... parts) {
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).startsWith("error: ").contains(parts).hasLineCount(1)
                .doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void aLocalWithoutEqualsShowsTheNameDirForm() {
        assertOneLineError(build(null, "--frontend", "dockerfile.v0", "--local", "context"),
                "--local context has no '=': give it as NAME=DIR", "--local context=context");
    }

    @Test
    void anEmptyNameOrDirectoryIsRefused() {
        assertOneLineError(build(null, "--frontend", "dockerfile.v0", "--local", "=" + tmp),
                "--local =" + tmp + " has an empty name", "--local context=" + tmp);
        assertOneLineError(build(null, "--frontend", "dockerfile.v0", "--local", "context="),
                "--local context= has no directory", "--local context=.");
    }

    @Test
    void aMissingPathOrAFileIsRefusedNamingTheResolvedPath() throws Exception {
        Path file = Files.writeString(tmp.resolve("Dockerfile"), "FROM scratch\n");
        assertOneLineError(build(null, "--frontend", "dockerfile.v0", "--local", "context=" + tmp.resolve("nope")),
                "--local context=" + tmp.resolve("nope") + ": " + tmp.resolve("nope") + " does not exist",
                "give an existing directory");
        assertOneLineError(build(null, "--frontend", "dockerfile.v0", "--local", "dockerfile=" + file),
                file + " is not a directory", "give the directory that holds it");
    }

    @Test
    void aNameGivenTwiceIsRefused() {
        assertOneLineError(build(null, "--frontend", "dockerfile.v0", "--local", "context=" + tmp,
                "--local", "context=/"), "--local context is given twice", "drop one of them");
    }

    @Test
    void anLlbDefinitionReadingALocalThatIsNotGivenSaysWhichFlagToAdd() throws Exception {
        Path definition = Files.write(tmp.resolve("def.pb"), Llb.local("context").marshal().toByteArray());
        assertOneLineError(build(definition, "--local", "other=" + tmp),
                "the LLB definition reads local directory \"context\", but no --local gives it",
                "add --local context=DIR");
    }

    @Test
    void validLocalsGetAsFarAsDialingTheDaemon() throws Exception {
        Path definition = Files.write(tmp.resolve("def.pb"), Llb.local("context").marshal().toByteArray());
        CommandResult result = build(definition, "--local", "context=" + tmp, "--local", "unused=.");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("cannot reach buildkitd at " + NO_DAEMON).doesNotContain("--local");
    }
}
