package org.jbuildkit.client.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jbuildkit.api.control.SolveRequest;
import org.jbuildkit.llb.Llb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing {@code --local NAME=DIR} and choosing what a build serves. */
class LocalDirsOptionTest {
    @TempDir
    Path cwd;

    @Test
    void theSharedKeyNamesTheDirectoriesSoAnotherProjectNeverReusesTheirCopy() throws Exception {
        Files.createDirectories(cwd.resolve("one"));
        Files.createDirectories(cwd.resolve("two"));
        String one = LocalDirsOption.parse(List.of("context=one", "dockerfile=one"), cwd).sharedKey();
        assertThat(one).hasSize(32).isEqualTo(LocalDirsOption.parse(List.of("dockerfile=one", "context=one"), cwd)
                .sharedKey());
        assertThat(LocalDirsOption.parse(List.of("context=two", "dockerfile=two"), cwd).sharedKey()).isNotEqualTo(one);
        assertThat(LocalDirsOption.parse(List.of(), cwd).sharedKey()).isEmpty();
    }

    @Test
    void namesMapToDirectoriesResolvedAgainstTheWorkingDirectoryAndSymlinks() throws Exception {
        Files.createDirectories(cwd.resolve("app/linux"));
        Files.createSymbolicLink(cwd.resolve("current"), Path.of("app"));
        // As upstream, the name ends at the first '=': the rest is the path.
        Files.createDirectory(cwd.resolve("equals=app"));
        LocalDirsOption dirs = LocalDirsOption.parse(List.of("context=current", "dockerfile=./app/linux/",
                "abs=" + cwd.resolve("app"), "with=equals=app"), cwd);
        assertThat(dirs.dirs()).containsEntry("context", cwd.resolve("app").toRealPath())
                .containsEntry("dockerfile", cwd.resolve("app/linux").toRealPath())
                .containsEntry("abs", cwd.resolve("app").toRealPath())
                .containsEntry("with", cwd.resolve("equals=app").toRealPath())
                .hasSize(4);
    }

    @Test
    void badFlagsNameTheValueAndTheFix() throws Exception {
        Files.writeString(cwd.resolve("file.txt"), "x");
        Files.createDirectory(cwd.resolve("dir"));
        assertThatThrownBy(() -> LocalDirsOption.parse(List.of("context"), cwd))
                .hasMessage("--local context has no '=': give it as NAME=DIR, e.g. --local context=context");
        assertThatThrownBy(() -> LocalDirsOption.parse(List.of("=dir"), cwd))
                .hasMessageContaining("--local =dir has an empty name").hasMessageContaining("--local context=dir");
        assertThatThrownBy(() -> LocalDirsOption.parse(List.of("context="), cwd))
                .hasMessageContaining("--local context= has no directory").hasMessageContaining("--local context=.");
        assertThatThrownBy(() -> LocalDirsOption.parse(List.of("context=missing"), cwd))
                .hasMessage("--local context=missing: " + cwd.resolve("missing")
                        + " does not exist; give an existing directory");
        assertThatThrownBy(() -> LocalDirsOption.parse(List.of("context=file.txt"), cwd))
                .hasMessageContaining(cwd.resolve("file.txt") + " is not a directory");
        assertThatThrownBy(() -> LocalDirsOption.parse(List.of("context=dir", "context=."), cwd))
                .hasMessageContaining("--local context is given twice (--local context=dir and --local context=.)");
    }

    @Test
    void anLlbDefinitionServesOnlyTheLocalsItReadsAndNeedsThemAll() throws Exception {
        Files.createDirectory(cwd.resolve("a"));
        LocalDirsOption dirs = LocalDirsOption.parse(List.of("context=a", "unused=a"), cwd);
        SolveRequest reading = SolveRequest.newBuilder().setDefinition(Llb.local("context").marshal()).build();
        assertThat(dirs.usedBy(reading).dirs()).containsOnlyKeys("context");
        assertThat(dirs.usedBy(SolveRequest.newBuilder().setFrontend("dockerfile.v0").build()).dirs())
                .containsOnlyKeys("context", "unused");

        SolveRequest other = SolveRequest.newBuilder().setDefinition(Llb.local("dockerfile").marshal()).build();
        assertThatThrownBy(() -> dirs.usedBy(other))
                .hasMessage("the LLB definition reads local directory \"dockerfile\", but no --local gives it;"
                        + " add --local dockerfile=DIR");
    }

    @Test
    void theSessionAdvertisesFileSyncDiffCopyOnlyWhenADirectoryIsServed() throws Exception {
        Files.createDirectory(cwd.resolve("a"));
        java.io.PrintWriter err = new java.io.PrintWriter(java.io.Writer.nullWriter());
        try (org.jbuildkit.session.Session session = org.jbuildkit.session.Session.create("t", "");
                LocalDirsOption dirs = LocalDirsOption.parse(List.of("context=a"), cwd)) {
            dirs.attachTo(session, err);
            assertThat(session.methods()).contains("/moby.filesync.v1.FileSync/DiffCopy")
                    .noneMatch(m -> m.contains("TarStream"));
        }
        try (org.jbuildkit.session.Session session = org.jbuildkit.session.Session.create("t", "");
                LocalDirsOption none = LocalDirsOption.parse(List.of(), cwd)) {
            none.attachTo(session, err);
            assertThat(session.methods()).noneMatch(m -> m.contains("FileSync"));
        }
    }
}
