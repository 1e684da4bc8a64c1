package org.jbuildkit.session.filesync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jbuildkit.api.fsutil.Packet.PacketType;
import org.jbuildkit.api.fsutil.Stat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hostile or broken sender, scripted: every trick is refused with the path named and nothing lands outside DIR. */
class FileReceiverSafetyTest {
    @TempDir
    Path tmp;
    private Path dest;
    private Path outside;

    @BeforeEach
    void dirs() throws IOException {
        dest = Files.createDirectory(tmp.resolve("dest"));
        outside = Files.createDirectory(tmp.resolve("outside"));
    }

    private void receive(ScriptedStream sender) throws IOException {
        FileReceiver.receive(sender, dest, ReceiveOptions.preservingOwners(), TransferProgress.NONE);
    }

    private List<String> everythingUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    private void assertNothingOutsideDest() throws IOException {
        assertThat(everythingUnder(tmp)).allMatch(p -> p.equals("dest") || p.startsWith("dest/") || p.equals("outside"));
        assertThat(everythingUnder(outside)).isEmpty();
    }

    @Test
    void aPathClimbingOutWithDotDotIsRefused() throws IOException {
        ScriptedStream sender = new ScriptedStream().stat(ScriptedStream.file("../outside/x", 1)).endOfListing();

        assertThatThrownBy(() -> receive(sender)).isInstanceOf(FileSyncException.class)
                .hasMessageContaining("\"../outside/x\"").hasMessageContaining("..");
        assertThat(sender.sentTypes()).containsExactly(PacketType.PACKET_ERR);
        assertNothingOutsideDest();
        assertThat(everythingUnder(dest)).isEmpty();
    }

    @Test
    void anAbsolutePathIsRefused() throws IOException {
        ScriptedStream sender = new ScriptedStream().stat(ScriptedStream.file(outside + "/abs", 1)).endOfListing();

        assertThatThrownBy(() -> receive(sender)).isInstanceOf(FileSyncException.class)
                .hasMessageContaining("absolute").hasMessageContaining(outside + "/abs");
        assertNothingOutsideDest();
    }

    @Test
    void aFileUnderASymlinkJustSentIsRefused() throws IOException {
        ScriptedStream sender = new ScriptedStream()
                .stat(ScriptedStream.symlink("link", outside.toString()))
                .stat(ScriptedStream.file("link/evil", 4))
                .endOfListing();

        assertThatThrownBy(() -> receive(sender)).isInstanceOf(FileSyncException.class)
                .hasMessageContaining("\"link/evil\"").hasMessageContaining("symlink");
        assertNothingOutsideDest();
        assertThat(Files.isSymbolicLink(dest.resolve("link"))).isTrue();
    }

    @Test
    void anExistingSymlinkInTheDestinationIsReplacedNotFollowed() throws IOException {
        Files.createSymbolicLink(dest.resolve("link"), outside);
        ScriptedStream sender = new ScriptedStream()
                .stat(ScriptedStream.dir("link"))
                .stat(ScriptedStream.file("link/f", 2))
                .endOfListing()
                .data(1, "ok").endOfFile(1)
                .fin();

        receive(sender);

        assertThat(Files.isDirectory(dest.resolve("link"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.readString(dest.resolve("link/f"))).isEqualTo("ok");
        assertNothingOutsideDest();
    }

    @Test
    void aStatOutOfOrderIsAProtocolError() throws IOException {
        ScriptedStream sender = new ScriptedStream()
                .stat(ScriptedStream.file("b", 0))
                .stat(ScriptedStream.file("a", 0))
                .endOfListing();

        assertThatThrownBy(() -> receive(sender)).isInstanceOf(FileSyncException.class)
                .hasMessageContaining("out of order").hasMessageContaining("\"a\" after \"b\"");
        assertThat(everythingUnder(dest)).isEmpty();
    }

    @Test
    void aChildBeforeItsDirectoryIsAProtocolError() {
        ScriptedStream sender = new ScriptedStream()
                .stat(ScriptedStream.file("sub/f", 0))
                .endOfListing();

        assertThatThrownBy(() -> receive(sender)).isInstanceOf(FileSyncException.class)
                .hasMessageContaining("\"sub/f\"").hasMessageContaining("parent directory \"sub\"");
    }

    @Test
    void aDuplicateStatIsAProtocolError() throws IOException {
        ScriptedStream sender = new ScriptedStream()
                .stat(ScriptedStream.dir("d"))
                .stat(ScriptedStream.file("d/same", 0))
                .stat(ScriptedStream.file("d/same", 0))
                .endOfListing();

        assertThatThrownBy(() -> receive(sender)).isInstanceOf(FileSyncException.class)
                .hasMessageContaining("duplicate entry \"d/same\"");
        assertThat(Files.exists(dest.resolve("d/same"))).isFalse();
    }

    @Test
    void dataForAnIdNeverRequestedIsAProtocolError() throws IOException {
        ScriptedStream sender = new ScriptedStream()
                .stat(ScriptedStream.dir("d"))
                .stat(ScriptedStream.file("d/f", 1))
                .data(0, "into the directory's id")
                .endOfListing();

        assertThatThrownBy(() -> receive(sender)).isInstanceOf(FileSyncException.class)
                .hasMessageContaining("file id 0").hasMessageContaining("never requested");
        assertThat(sender.requestedIds()).containsExactly(1);
        assertThat(everythingUnder(dest)).containsExactly("d");
    }

    @Test
    void aHardlinkToAPathNotSentIsRefused() {
        Stat link = ScriptedStream.file("l", 0).toBuilder().setLinkname("/etc/passwd").build();
        ScriptedStream sender = new ScriptedStream().stat(link).endOfListing();

        assertThatThrownBy(() -> receive(sender)).isInstanceOf(FileSyncException.class)
                .hasMessageContaining("hardlink target").hasMessageContaining("/etc/passwd");

        Stat later = ScriptedStream.file("a", 0).toBuilder().setLinkname("b").build();
        ScriptedStream second = new ScriptedStream().stat(later).stat(ScriptedStream.file("b", 0)).endOfListing();
        assertThatThrownBy(() -> receive(second)).isInstanceOf(FileSyncException.class)
                .hasMessageContaining("hardlink \"a\" points at \"b\"");
    }

    @Test
    void aDroppedStreamLeavesNoHalfWrittenFile() throws IOException {
        Files.writeString(dest.resolve("keep"), "old content");
        ScriptedStream sender = new ScriptedStream()
                .stat(ScriptedStream.file("big", 100))
                .stat(ScriptedStream.file("keep", 100))
                .endOfListing()
                .data(0, "first half of big")
                .data(1, "half of the new keep")
                .thenBreak();

        assertThatThrownBy(() -> receive(sender)).isInstanceOf(IOException.class)
                .hasMessageContaining("connection reset");
        assertThat(everythingUnder(dest)).containsExactly("keep");
        assertThat(Files.readString(dest.resolve("keep"))).isEqualTo("old content");
    }

    @Test
    void aStreamEndingBeforeFinIsAnErrorAndAnErrFromTheSenderIsReported() {
        ScriptedStream early = new ScriptedStream().stat(ScriptedStream.file("f", 1)).endOfListing();
        assertThatThrownBy(() -> receive(early)).hasMessageContaining("before the transfer was complete");

        ScriptedStream failing = new ScriptedStream().stat(ScriptedStream.dir("d")).err("disk full on the sender");
        assertThatThrownBy(() -> receive(failing)).hasMessageContaining("error from sender: disk full on the sender");
    }

    @Test
    void existingFilesAreOverwrittenAndOthersLeft() throws IOException {
        Files.writeString(dest.resolve("a"), "old a");
        Files.writeString(dest.resolve("untouched"), "stays");
        Files.createDirectory(dest.resolve("was-a-dir"));
        Files.writeString(dest.resolve("was-a-dir/inner"), "goes with it");
        ScriptedStream sender = new ScriptedStream()
                .stat(ScriptedStream.file("a", 5))
                .stat(ScriptedStream.file("was-a-dir", 3))
                .endOfListing()
                .data(0, "new a").endOfFile(0)
                .data(1, "now").endOfFile(1)
                .fin();

        receive(sender);

        assertThat(Files.readString(dest.resolve("a"))).isEqualTo("new a");
        assertThat(Files.readString(dest.resolve("untouched"))).isEqualTo("stays");
        assertThat(Files.readString(dest.resolve("was-a-dir"))).isEqualTo("now");
        assertThat(everythingUnder(dest)).containsExactly("a", "untouched", "was-a-dir");
        assertThat(sender.sentTypes()).containsExactly(PacketType.PACKET_REQ, PacketType.PACKET_REQ,
                PacketType.PACKET_FIN);
    }
}
