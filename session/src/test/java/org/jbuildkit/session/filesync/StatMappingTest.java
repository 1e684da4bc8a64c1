package org.jbuildkit.session.filesync;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.HexFormat;
import org.jbuildkit.api.fsutil.Packet;
import org.jbuildkit.api.fsutil.Packet.PacketType;
import org.jbuildkit.api.fsutil.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stat as fsutil sends it: Go mode bits, nanosecond mtimes, links; and the packets' wire bytes. */
class StatMappingTest {
    @TempDir
    Path tmp;

    @Test
    void posixModesBecomeGoFileModeBits() {
        assertThat(GoFileMode.fromPosix(0100644)).isEqualTo(0644);
        assertThat(GoFileMode.fromPosix(0040755)).isEqualTo(GoFileMode.DIR | 0755);
        assertThat(GoFileMode.fromPosix(0120777)).isEqualTo(GoFileMode.SYMLINK | 0777);
        assertThat(GoFileMode.fromPosix(0020620)).isEqualTo(GoFileMode.DEVICE | GoFileMode.CHAR_DEVICE | 0620);
        assertThat(GoFileMode.fromPosix(0060660)).isEqualTo(GoFileMode.DEVICE | 0660);
        assertThat(GoFileMode.fromPosix(0010600)).isEqualTo(GoFileMode.NAMED_PIPE | 0600);
        assertThat(GoFileMode.fromPosix(0140755)).isEqualTo(GoFileMode.SOCKET | 0755);
        assertThat(GoFileMode.fromPosix(0104755)).isEqualTo(GoFileMode.SETUID | 0755);
        assertThat(GoFileMode.fromPosix(0102755)).isEqualTo(GoFileMode.SETGID | 0755);
        assertThat(GoFileMode.fromPosix(0041777)).isEqualTo(GoFileMode.DIR | GoFileMode.STICKY | 0777);
        // The values Go prints for these: os.ModeDir|0755 = 0x800001ed, os.ModeSymlink|0777 = 0x80001ff.
        assertThat(Integer.toHexString(GoFileMode.fromPosix(0040755))).isEqualTo("800001ed");
        assertThat(Integer.toHexString(GoFileMode.fromPosix(0120777))).isEqualTo("80001ff");
    }

    @Test
    void goModesGiveBackPosixPermissionsAndTypes() {
        int setuid = GoFileMode.SETUID | GoFileMode.SETGID | GoFileMode.STICKY | 0751;
        assertThat(GoFileMode.posixPermissions(setuid)).isEqualTo(07751);
        assertThat(GoFileMode.posixType(GoFileMode.DIR | 0755)).isEqualTo(0040000);
        assertThat(GoFileMode.posixType(GoFileMode.DEVICE | GoFileMode.CHAR_DEVICE)).isEqualTo(0020000);
        assertThat(GoFileMode.posixType(GoFileMode.DEVICE)).isEqualTo(0060000);
        assertThat(GoFileMode.posixType(0644)).isEqualTo(0100000);
        assertThat(GoFileMode.isRegular(GoFileMode.SETUID | 0755)).isTrue();
        assertThat(GoFileMode.isRegular(GoFileMode.SYMLINK | 0777)).isFalse();
    }

    @Test
    void filesAreStattedWithNanosecondMtimesAndTheirOwnSize() throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "12345");
        Files.setAttribute(file, "unix:mode", 04750);
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(1_700_000_000L, 123_456_789)));
        Path dir = Files.createDirectory(tmp.resolve("d"));

        StatReader reader = new StatReader();
        Stat f = reader.read(file, "f");
        Stat d = reader.read(dir, "d");

        assertThat(f.getPath()).isEqualTo("f");
        assertThat(f.getMode()).isEqualTo(GoFileMode.SETUID | 0750);
        assertThat(f.getSize()).isEqualTo(5);
        assertThat(f.getModTime()).isEqualTo(1_700_000_000_123_456_789L);
        assertThat(f.getLinkname()).isEmpty();
        assertThat(d.getMode() & GoFileMode.DIR).isNotZero();
        assertThat(d.getSize()).isZero();
    }

    @Test
    void symlinksCarryTheirTargetAndHardlinksTheirFirstPathWithSizeZero() throws Exception {
        Path first = Files.writeString(tmp.resolve("a"), "shared");
        Files.createLink(tmp.resolve("b"), first);
        Files.createSymbolicLink(tmp.resolve("l"), Path.of("../nowhere"));

        StatReader reader = new StatReader();
        Stat a = reader.read(first, "a");
        Stat b = reader.read(tmp.resolve("b"), "b");
        Stat l = reader.read(tmp.resolve("l"), "l");

        assertThat(a.getLinkname()).isEmpty();
        assertThat(a.getSize()).isEqualTo(6);
        assertThat(b.getLinkname()).isEqualTo("a");
        assertThat(b.getSize()).isZero();
        assertThat(l.getMode() & GoFileMode.SYMLINK).isNotZero();
        assertThat(l.getLinkname()).isEqualTo("../nowhere");
        assertThat(l.getSize()).isEqualTo("../nowhere".length());
    }

    @Test
    void userXattrsAreRead() throws Exception {
        Path file = Files.writeString(tmp.resolve("x"), "");
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        view.write("jbuildkit.test", ByteBuffer.wrap("v1".getBytes(StandardCharsets.UTF_8)));

        Stat x = new StatReader().read(file, "x");

        assertThat(x.getXattrsMap()).containsEntry("user.jbuildkit.test", ByteString.copyFromUtf8("v1"));
    }

    @Test
    void namesSortBytewiseNotByUtf16() {
        // U+FF5E is one UTF-16 unit, U+1F600 two starting 0xD83D: UTF-16 puts the emoji first, UTF-8 bytes do not.
        assertThat(TreeWalk.NAME_ORDER.compare("\uFF5E", "\uD83D\uDE00")).isNegative();
        assertThat("\uFF5E".compareTo("\uD83D\uDE00")).isPositive();
        assertThat(TreeWalk.NAME_ORDER.compare("a", "a.txt")).isNegative();
        assertThat(TreeWalk.NAME_ORDER.compare("B", "a")).isNegative();
    }

    @Test
    void packetsHaveFsutilsWireBytes() {
        Packet request = Packet.newBuilder().setType(PacketType.PACKET_REQ).setID(7).build();
        Packet stat = Packet.newBuilder().setType(PacketType.PACKET_STAT).setStat(Stat.newBuilder().setPath("a")
                .setMode(GoFileMode.DIR | 0755).setModTime(1)).build();
        Packet end = Packet.newBuilder().setType(PacketType.PACKET_STAT).build();
        Packet data = Packet.newBuilder().setType(PacketType.PACKET_DATA).setID(2)
                .setData(ByteString.copyFromUtf8("hi")).build();

        assertThat(hex(request)).isEqualTo("08011807");
        // stat=2 {path=1 "a", mode=2 0x800001ed, modTime=6 1}
        assertThat(hex(stat)).isEqualTo("120b0a016110ed8380800830" + "01");
        assertThat(hex(end)).isEmpty();
        assertThat(hex(data)).isEqualTo("080218022202" + "6869");
    }

    private static String hex(Packet p) {
        return HexFormat.of().formatHex(p.toByteArray());
    }
}
