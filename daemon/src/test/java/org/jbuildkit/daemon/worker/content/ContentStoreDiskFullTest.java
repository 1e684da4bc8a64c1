package org.jbuildkit.daemon.worker.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.jbuildkit.registry.image.Descriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the content store on a 1 MiB tmpfs (needs CAP_SYS_ADMIN; skipped without it). */
class ContentStoreDiskFullTest {
    @TempDir
    Path dir;
    private Path root;
    private boolean mounted;

    @BeforeEach
    void mountTinyTmpfs() throws Exception {
        root = dir.resolve("tiny");
        Files.createDirectories(root);
        mounted = run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", root.toString()) == 0;
        assumeTrue(mounted, "cannot mount a tmpfs here");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            run("umount", root.toString());
        }
    }

    @Test
    void fullDiskLeavesNothingBehindAndSaysWhichPathAndWhy() throws IOException {
        LocalContentStore store = LocalContentStore.open(root);
        byte[] content = LocalContentStoreTest.randomBytes(2 << 20, 9);
        Descriptor desc = LocalContentStoreTest.descriptorOf(content);
        ContentWriter writer = store.writer(desc, "registry.test/busybox layer");
        assertThatThrownBy(() -> {
            for (int off = 0; off < content.length; off += 65536) {
                writer.write(ByteBuffer.wrap(content, off, 65536));
            }
            writer.commit();
        })
                .isInstanceOf(NoSpaceLeftException.class)
                .hasMessageContaining("disk full")
                .hasMessageContaining(root.resolve("content/ingest").toString())
                .hasMessageContaining(desc.digest().toString())
                .hasMessageContaining("fix: ");
        assertThat(writer.isOpen()).isFalse();
        try (Stream<Path> ingest = Files.list(root.resolve("content/ingest"))) {
            assertThat(ingest).isEmpty();
        }
        assertThat(store.exists(desc.digest())).isFalse();
        assertThat(store.totalSize()).isZero();
    }

    private static int run(String... command) throws Exception {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }
}
