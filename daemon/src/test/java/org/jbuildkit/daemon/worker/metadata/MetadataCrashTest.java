package org.jbuildkit.daemon.worker.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataCrashTest {
    @TempDir
    Path root;

    @Test
    void aProcessKilledMidTransactionLosesNothingItCommitted() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", MetadataCrashChild.class.getName(), root.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<RecordId> committed = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (committed.size() < 60 && (line = out.readLine()) != null) {
                committed.add(new RecordId(line));
            }
            child.destroyForcibly(); // SIGKILL, in the middle of the next transaction
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(committed).hasSize(60);
        try (MetadataStore store = MetadataStore.open(root)) {
            assertThat(store.integrityCheck()).isEqualTo("ok");
            List<RecordId> present = store.read(tx -> tx.cacheRecords().all().stream().map(CacheRecord::id).toList());
            assertThat(present).containsAll(committed);
            // Each transaction wrote a record and its key together: never one without the other.
            for (RecordId id : present) {
                assertThat(store.read((Tx tx) -> tx.cacheKeys().byRecord(id))).hasSize(1);
            }
        }
    }
}
