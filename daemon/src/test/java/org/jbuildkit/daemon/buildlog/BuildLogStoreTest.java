package org.jbuildkit.daemon.buildlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildLogStoreTest {
    private static final String RUN = "sha256:" + "a".repeat(64);
    private static final String COPY = "sha256:" + "b".repeat(64);

    @TempDir
    Path dir;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eachVertexOfABuildGetsItsWholeLogInOneFile() throws Exception {
        BuildLogStore store = new BuildLogStore(dir, 5, 1 << 20, 1024);
        try (BuildLog log = store.start("build1")) {
            log.append(RUN, utf8("out 1\n"));
            log.append(COPY, utf8("copying\n"));
            log.append(RUN, utf8("err 1\n"));
        }
        assertThat(Files.readString(store.find("build1", RUN).orElseThrow())).isEqualTo("out 1\nerr 1\n");
        assertThat(Files.readString(store.find("build1", COPY).orElseThrow())).isEqualTo("copying\n");
        assertThat(store.find("build1", "sha256:" + "c".repeat(64))).isEmpty();
        assertThat(store.find("other", RUN)).isEmpty();
    }

    @Test
    void aLogPastItsLimitKeepsItsHeadAndItsTailAndSaysWhatWasLeftOut() throws Exception {
        BuildLogStore store = new BuildLogStore(dir, 5, 10, 6);
        try (BuildLog log = store.start("big")) {
            log.append(RUN, utf8("0123456789abcdefghij"));
            log.append(RUN, utf8("KLMNOP"));
        }
        String kept = Files.readString(store.find("big", RUN).orElseThrow());
        assertThat(kept).startsWith("0123456789\n[jbuildkit: 10 bytes of this log left out here")
                .endsWith("]\nKLMNOP");
    }

    @Test
    void onlyTheLastBuildsAreKeptAndARunningOneIsNeverRemoved() throws Exception {
        BuildLogStore store = new BuildLogStore(dir, 3, 1 << 20, 1024);
        BuildLog running = store.start("running");
        running.append(RUN, utf8("still going\n"));
        long time = 1_000_000;
        for (String ref : new String[] {"b1", "b2", "b3", "b4"}) {
            try (BuildLog log = store.start(ref)) {
                log.append(RUN, utf8(ref + "\n"));
            }
            Files.setLastModifiedTime(dir.resolve(ref), FileTime.fromMillis(time += 1000));
        }
        Files.setLastModifiedTime(dir.resolve("running"), FileTime.fromMillis(1));
        try (Stream<Path> builds = Files.list(dir)) {
            assertThat(builds.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("running", "b3", "b4");
        }
        running.close();
        assertThat(Files.readString(store.find("running", RUN).orElseThrow())).isEqualTo("still going\n");
    }

    @Test
    void aNewBuildUnderAnOldRefReplacesItsLogsButADuplicateRunningRefLeavesThemAlone() throws Exception {
        BuildLogStore store = new BuildLogStore(dir, 5, 1 << 20, 1024);
        try (BuildLog first = store.start("same")) {
            first.append(RUN, utf8("first run\n"));
        }
        BuildLog second = store.start("same");
        second.append(COPY, utf8("second run\n"));
        store.start("same").append(COPY, utf8("refused duplicate\n"));
        second.close();
        assertThat(store.find("same", RUN)).isEmpty();
        assertThat(Files.readString(store.find("same", COPY).orElseThrow())).isEqualTo("second run\n");
    }

    @Test
    void refsAndDigestsNeverEscapeTheLogDirectory() {
        assertThat(BuildLogStore.directoryName("k2n8w1c1xq4m5t6u7v8w9x0yz")).isEqualTo("k2n8w1c1xq4m5t6u7v8w9x0yz");
        assertThat(BuildLogStore.directoryName("../../etc")).startsWith("ref-").doesNotContain("/");
        assertThat(BuildLogStore.directoryName("a/b")).startsWith("ref-");
        assertThat(BuildLogStore.fileName(RUN)).isEqualTo("sha256-" + "a".repeat(64) + ".log");
        assertThat(BuildLogStore.fileName("../x")).startsWith("vertex-").doesNotContain("/");
        BuildLogStore store = new BuildLogStore(dir, 5, 1 << 20, 1024);
        assertThatThrownBy(() -> store.find("build1", "../../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a vertex digest");
    }
}
