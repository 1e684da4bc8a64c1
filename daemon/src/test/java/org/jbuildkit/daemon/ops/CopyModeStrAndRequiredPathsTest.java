package org.jbuildkit.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.jbuildkit.api.pb.FileActionCopy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A copy's modeStr applied to each file and dir it copies, and its required_paths checked before it copies. */
class CopyModeStrAndRequiredPathsTest {

    @TempDir
    Path src;

    @TempDir
    Path dest;

    @BeforeEach
    void tree() throws IOException {
        Files.createDirectories(src.resolve("app/bin"));
        Files.writeString(src.resolve("app/readme"), "r");
        Files.writeString(src.resolve("app/bin/tool"), "#!/bin/sh\n");
        Files.writeString(src.resolve("app/bin/data"), "d");
        FileBasicActions.chmod(src.resolve("app"), 0700);
        FileBasicActions.chmod(src.resolve("app/bin"), 0750);
        FileBasicActions.chmod(src.resolve("app/readme"), 0660);
        FileBasicActions.chmod(src.resolve("app/bin/tool"), 0700);
        FileBasicActions.chmod(src.resolve("app/bin/data"), 0640);
    }

    private static FileActionCopy.Builder copy(String from, String to) {
        return FileActionCopy.newBuilder().setSrc(from).setDest(to).setMode(-1).setTimestamp(-1)
                .setFollowSymlink(true).setCreateDestPath(true).setDirCopyContents(true);
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    @Test
    void aSymbolicModeChangesEachCopiedFileFromItsOwnMode() throws IOException {
        FileCopyAction.copy(src, dest, copy("/app", "/out/").setModeStr("a=rX,u+w").build());
        assertThat(Integer.toOctalString(mode(dest.resolve("out/readme")))).isEqualTo("644");
        assertThat(Integer.toOctalString(mode(dest.resolve("out/bin")))).isEqualTo("755");
        assertThat(Integer.toOctalString(mode(dest.resolve("out/bin/tool")))).isEqualTo("755");
        assertThat(Integer.toOctalString(mode(dest.resolve("out/bin/data")))).isEqualTo("644");
        assertThat(Files.readString(dest.resolve("out/bin/tool"))).isEqualTo("#!/bin/sh\n");
        assertThat(Integer.toOctalString(mode(src.resolve("app/bin/data")))).isEqualTo("640");
    }

    @Test
    void aSymbolicModeOnOneFile() throws IOException {
        FileCopyAction.copy(src, dest, copy("/app/bin/data", "/data").setModeStr("u+x,g-r").build());
        assertThat(Integer.toOctalString(mode(dest.resolve("data")))).isEqualTo("700");
    }

    @Test
    void anInvalidModeStrIsRefusedNamingIt() {
        assertThatThrownBy(() -> FileCopyAction.copy(src, dest, copy("/app", "/out/").setModeStr("u+z").build()))
                .isInstanceOf(FileOpException.class)
                .hasMessageContaining("invalid chmod mode \"u+z\"")
                .hasMessageContaining("u+x");
    }

    @Test
    void aRequiredPathThatExistsIsCopiedWithItsParents() throws IOException {
        FileCopyAction.copy(src, dest, copy("/", "/out/").addIncludePatterns("app/bin/tool")
                .addRequiredPaths("/app/bin/tool").build());
        assertThat(dest.resolve("out/app/bin/tool")).exists();
        assertThat(dest.resolve("out/app/readme")).doesNotExist();
    }

    @Test
    void aMissingRequiredPathFailsBeforeAnythingIsCopied() {
        assertThatThrownBy(() -> FileCopyAction.copy(src, dest, copy("/", "/out/")
                .addIncludePatterns("app/nonexistent").addRequiredPaths("/app/nonexistent").build()))
                .isInstanceOf(FileOpException.class)
                .hasMessageContaining("\"/app/nonexistent\": not found");
        assertThat(dest.resolve("out")).doesNotExist();
    }

    @Test
    void withoutRequiredPathsAnIncludePatternMatchingNothingCopiesNothing() throws IOException {
        FileCopyAction.copy(src, dest, copy("/", "/out/").addIncludePatterns("app/nonexistent").build());
        assertThat(dest.resolve("out/app/readme")).doesNotExist();
    }

    @Test
    void aRequiredPathTheCopyExcludesCountsAsMissing() {
        assertThatThrownBy(() -> FileCopyAction.copy(src, dest, copy("/app", "/out/")
                .addIncludePatterns("bin").addExcludePatterns("bin").addRequiredPaths("/app/bin").build()))
                .isInstanceOf(FileOpException.class)
                .hasMessageContaining("\"/app/bin\": not found")
                .hasMessageContaining("--exclude");
    }
}
