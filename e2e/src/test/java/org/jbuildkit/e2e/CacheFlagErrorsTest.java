package org.jbuildkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the real buildctl says about {@code --export-cache}/{@code --import-cache} before it dials the daemon (so
 * these run against an address where nothing listens): malformed values are one-line errors with the fix; the legacy
 * {@code <ref>} form and a local import with no cache yet are warnings, and the build goes on to the connection.
 */
class CacheFlagErrorsTest {
    private static final String NO_DAEMON = "unix:///nonexistent.sock";

    @TempDir
    Path tmp;

    private static CommandResult build(String... args) {
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(), "--addr", NO_DAEMON,
                "build", "--frontend", "dockerfile.v0"));
        command.addAll(List.of(args));
        return Commands.run(command, Map.of(), 120, Path.of("/dev/null"));
    }

    private static void assertOneLineError(CommandResult result, String... parts) {
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).startsWith("error: ").contains(parts).hasLineCount(1)
                .doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void aFieldWithoutEqualsIsRefusedWithTheForm() {
        assertOneLineError(build("--export-cache", "type=registry,ref=h/app:cache,push"),
                "invalid value push in --export-cache type=registry,ref=h/app:cache,push", "key=value");
    }

    @Test
    void anEmptyTypeIsRefusedListingTheTypes() {
        assertOneLineError(build("--import-cache", "type=,ref=h/app:cache"),
                "--import-cache requires type=<type>", "type=registry,ref=REF", "type=local,src=DIR");
    }

    @Test
    void aRegistryCacheWithoutRefOrALocalOneWithoutDirIsRefused() {
        assertOneLineError(build("--export-cache", "type=registry,mode=max"),
                "registry cache exporter requires ref", "type=registry,ref=HOST/REPO:TAG");
        assertOneLineError(build("--export-cache", "type=local,mode=max"),
                "local cache exporter requires dest", "type=local,dest=DIR");
        assertOneLineError(build("--import-cache", "type=local,tag=v1"),
                "local cache importer requires src", "type=local,src=DIR");
    }

    @Test
    void theLegacyRefFormAndAMissingLocalCacheAreWarningsAndTheBuildGoesOn() {
        Path missing = tmp.resolve("no-cache-yet");
        CommandResult result = build("--export-cache", "h/app:cache", "--import-cache", "type=local,src=" + missing);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr())
                .contains("WARNING: --export-cache <ref> is deprecated. Please use --export-cache"
                        + " type=registry,ref=<ref>")
                .contains("WARNING: local cache import at " + missing + " skipped: no such directory")
                .contains("cannot reach buildkitd at " + NO_DAEMON);
        assertThat(missing).doesNotExist();
    }

    @Test
    void aLocalExportCreatesItsDirectoryBeforeTheBuild() {
        Path dest = tmp.resolve("a/b/cache");
        CommandResult result = build("--export-cache", "type=local,dest=" + dest + ",mode=max");
        assertThat(result.stderr()).contains("cannot reach buildkitd at " + NO_DAEMON).doesNotContain("WARNING");
        assertThat(dest).isDirectory();
    }
}
