package org.jbuildkit.daemon.exporter.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.jbuildkit.registry.image.Digest;
import org.junit.jupiter.api.Test;

class LayerTimestampsTest {
    private static final long EPOCH = 1_700_000_000L;
    private static final FileTime LATER = FileTime.from(Instant.parse("2026-01-01T00:00:00.123456789Z"));
    private static final FileTime EARLIER = FileTime.from(Instant.parse("2001-01-01T00:00:00.5Z"));

    private static TarArchiveEntry entry(String name, byte type, FileTime time) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type);
        entry.setLastModifiedTime(time);
        entry.setIds(1000, 1001);
        entry.setMode(0640);
        return entry;
    }

    private static byte[] layer() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.putArchiveEntry(entry("app/", TarConstants.LF_DIR, LATER));
            tar.closeArchiveEntry();
            TarArchiveEntry file = entry("app/" + "long-name-".repeat(12) + ".txt", TarConstants.LF_NORMAL, EARLIER);
            file.setSize(5);
            tar.putArchiveEntry(file);
            tar.write("hello".getBytes());
            tar.closeArchiveEntry();
            TarArchiveEntry link = entry("app/hard", TarConstants.LF_LINK, LATER);
            link.setLinkName(file.getName());
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            TarArchiveEntry symlink = entry("app/sym", TarConstants.LF_SYMLINK, LATER);
            symlink.setLinkName("hard");
            tar.putArchiveEntry(symlink);
            tar.closeArchiveEntry();
            TarArchiveEntry device = entry("dev/null", TarConstants.LF_CHR, LATER);
            device.setDevMajor(1);
            device.setDevMinor(3);
            tar.putArchiveEntry(device);
            tar.closeArchiveEntry();
            TarArchiveEntry whiteout = entry("app/.wh.gone", TarConstants.LF_NORMAL, FileTime.fromMillis(0));
            tar.putArchiveEntry(whiteout);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    private static List<TarArchiveEntry> entries(byte[] tar, List<String> contents) throws Exception {
        List<TarArchiveEntry> entries = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.add(entry);
                contents.add(new String(in.readAllBytes()));
            }
        }
        return entries;
    }

    @Test
    void laterTimesBecomeTheEpochAndEverythingElseIsKept() throws Exception {
        byte[] original = layer();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Digest diffId = LayerTimestamps.clamp(new ByteArrayInputStream(original), out, EPOCH);

        assertThat(diffId).isEqualTo(Digest.sha256(out.toByteArray()));
        List<String> beforeContents = new ArrayList<>();
        List<String> afterContents = new ArrayList<>();
        List<TarArchiveEntry> before = entries(original, beforeContents);
        List<TarArchiveEntry> after = entries(out.toByteArray(), afterContents);
        assertThat(after).hasSameSizeAs(before);
        assertThat(afterContents).isEqualTo(beforeContents);
        for (int i = 0; i < before.size(); i++) {
            TarArchiveEntry a = before.get(i);
            TarArchiveEntry b = after.get(i);
            assertThat(b.getName()).isEqualTo(a.getName());
            assertThat(b.getLinkName()).isEqualTo(a.getLinkName());
            assertThat(b.getMode()).isEqualTo(a.getMode());
            assertThat(b.getLongUserId()).isEqualTo(a.getLongUserId());
            assertThat(b.getLongGroupId()).isEqualTo(a.getLongGroupId());
            assertThat(b.isSymbolicLink()).isEqualTo(a.isSymbolicLink());
            assertThat(b.isLink()).isEqualTo(a.isLink());
            assertThat(b.isCharacterDevice()).isEqualTo(a.isCharacterDevice());
            assertThat(b.getDevMajor()).isEqualTo(a.getDevMajor());
            assertThat(b.getDevMinor()).isEqualTo(a.getDevMinor());
            FileTime expected = a.getLastModifiedTime().toInstant().isAfter(Instant.ofEpochSecond(EPOCH))
                    ? FileTime.from(Instant.ofEpochSecond(EPOCH)) : a.getLastModifiedTime();
            assertThat(b.getLastModifiedTime()).as(a.getName()).isEqualTo(expected);
        }
        assertThat(after.get(1).getLastModifiedTime()).isEqualTo(EARLIER);
    }

    @Test
    void clampingTwiceGivesTheSameBytes() throws Exception {
        ByteArrayOutputStream once = new ByteArrayOutputStream();
        LayerTimestamps.clamp(new ByteArrayInputStream(layer()), once, EPOCH);
        ByteArrayOutputStream twice = new ByteArrayOutputStream();
        LayerTimestamps.clamp(new ByteArrayInputStream(once.toByteArray()), twice, EPOCH);

        assertThat(twice.toByteArray()).isEqualTo(once.toByteArray());
    }
}
