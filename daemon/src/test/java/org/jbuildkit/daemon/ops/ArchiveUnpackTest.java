package org.jbuildkit.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Date;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.jbuildkit.api.pb.FileActionCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveUnpackTest {
    private static final Instant MTIME = Instant.parse("2020-02-03T04:05:06Z");

    private static FileActionCopy add(String src, String dest) {
        return FileActionCopy.newBuilder().setSrc(src).setDest(dest).setMode(-1).setTimestamp(-1)
                .setFollowSymlink(true).setCreateDestPath(true).setAllowWildcard(true)
                .setAttemptUnpackDockerCompatibility(true).build();
    }

    /** A tar with a directory, a file owned by 1234:5678 mode 0600, a symlink and a hard link. */
    private static byte[] tar(java.util.function.Function<OutputStream, OutputStream> compress) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream wrapped = compress.apply(bytes); TarArchiveOutputStream tar = new TarArchiveOutputStream(wrapped)) {
            TarArchiveEntry dir = new TarArchiveEntry("app/");
            dir.setModTime(Date.from(MTIME));
            dir.setMode(040750);
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            byte[] content = "secret config\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry file = new TarArchiveEntry("app/config");
            file.setSize(content.length);
            file.setIds(1234, 5678);
            file.setMode(0100600);
            file.setModTime(Date.from(MTIME));
            tar.putArchiveEntry(file);
            tar.write(content);
            tar.closeArchiveEntry();
            TarArchiveEntry link = new TarArchiveEntry("app/current", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("config");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            TarArchiveEntry hard = new TarArchiveEntry("app/again", TarArchiveEntry.LF_LINK);
            hard.setLinkName("app/config");
            tar.putArchiveEntry(hard);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    private static OutputStream gzip(OutputStream out) {
        try {
            return new GzipCompressorOutputStream(out);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static OutputStream bzip2(OutputStream out) {
        try {
            return new BZip2CompressorOutputStream(out);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertUnpacked(Path dir) throws Exception {
        Path config = dir.resolve("app/config");
        assertThat(Files.readString(config)).isEqualTo("secret config\n");
        assertThat(Files.getAttribute(config, "unix:uid")).isEqualTo(1234);
        assertThat(Files.getAttribute(config, "unix:gid")).isEqualTo(5678);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
        assertThat(Files.getLastModifiedTime(config).toInstant()).isEqualTo(MTIME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("app")))).isEqualTo("rwxr-x---");
        assertThat(Files.getLastModifiedTime(dir.resolve("app"), LinkOption.NOFOLLOW_LINKS).toInstant()).isEqualTo(MTIME);
        assertThat(Files.readSymbolicLink(dir.resolve("app/current"))).isEqualTo(Path.of("config"));
        assertThat(Files.isSameFile(dir.resolve("app/again"), config)).isTrue();
    }

    @Test
    void plainGzipAndBzip2TarsAreUnpackedKeepingOwnersModesTimesAndLinks(@TempDir Path tmp) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.write(src.resolve("plain.tar"), tar(out -> out));
        Files.write(src.resolve("gz.tar.gz"), tar(ArchiveUnpackTest::gzip));
        Files.write(src.resolve("bz.tbz"), tar(ArchiveUnpackTest::bzip2));
        for (String name : new String[] {"plain.tar", "gz.tar.gz", "bz.tbz"}) {
            Path dest = Files.createDirectories(tmp.resolve("dest-" + name));
            FileCopyAction.copy(src, dest, add("/" + name, "/unpacked/"));
            assertUnpacked(dest.resolve("unpacked"));
            assertThat(dest.resolve("unpacked/" + name)).doesNotExist();
        }
    }

    @Test
    void aFileThatIsNoTarIsCopiedAsItIs(@TempDir Path tmp) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("notes.tar"), "just text");
        Path dest = Files.createDirectories(tmp.resolve("dest"));
        FileCopyAction.copy(src, dest, add("/notes.tar", "/docs/"));
        assertThat(Files.readString(dest.resolve("docs/notes.tar"))).isEqualTo("just text");
    }

    @Test
    void entriesNamingPathsOutsideTheDestinationStayInsideTheTree(@TempDir Path tmp) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry escape = new TarArchiveEntry("evil-link", TarArchiveEntry.LF_SYMLINK);
            escape.setLinkName(tmp.resolve("outside").toString());
            tar.putArchiveEntry(escape);
            tar.closeArchiveEntry();
            for (String name : new String[] {"../../escaped", "evil-link/through-link"}) {
                byte[] content = "x".getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(name, true);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.write(src.resolve("evil.tar"), bytes.toByteArray());
        Files.createDirectories(tmp.resolve("outside"));
        Path dest = Files.createDirectories(tmp.resolve("dest"));
        FileCopyAction.copy(src, dest, add("/evil.tar", "/x/"));
        assertThat(tmp.resolve("escaped")).doesNotExist();
        assertThat(tmp.resolve("outside/through-link")).doesNotExist();
        try (var outside = Files.list(tmp.resolve("outside"))) {
            assertThat(outside).isEmpty();
        }
        assertThat(dest.resolve("x/escaped")).exists();
    }
}
