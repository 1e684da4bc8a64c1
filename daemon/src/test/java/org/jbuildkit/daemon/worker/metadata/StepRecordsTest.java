package org.jbuildkit.daemon.worker.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepRecordsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path root;
    MetadataStore store;

    @BeforeEach
    void open() {
        store = MetadataStore.open(root);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static StepRecord run(String name, String key, Instant at) {
        return new StepRecord(name, key, "sha256:op", List.of(new StepRecord.Part("env:A", "env variable A",
                "sha256:f", null), new StepRecord.Part("cwd", "the working directory", "sha256:c", "/src")),
                List.of("key:sha256:in@0"), at);
    }

    @Test
    void theLastRunUnderANameReplacesTheOneBeforeAndSurvivesAReopen() {
        store.transaction(tx -> {
            tx.stepRecords().put(run("[2/3] RUN make", "sha256:k1", T0));
            tx.stepRecords().put(run("[2/3] RUN make", "sha256:k2", T0.plusSeconds(1)));
            return null;
        });
        store.close();
        store = MetadataStore.open(root);
        StepRecord kept = store.read((Tx tx) -> tx.stepRecords().get("[2/3] RUN make")).orElseThrow();
        assertThat(kept).isEqualTo(run("[2/3] RUN make", "sha256:k2", T0.plusSeconds(1)));
        assertThat(store.read((Tx tx) -> tx.stepRecords().get("never ran"))).isEmpty();
    }

    @Test
    void theOldestNamesGoOnceThereAreTooMany() {
        store.transaction(tx -> {
            for (int i = 0; i < 5; i++) {
                tx.stepRecords().put(run("step " + i, "sha256:k", T0.plusSeconds(i)), 3);
            }
            return null;
        });
        assertThat(store.read((Tx tx) -> tx.stepRecords().get("step 1"))).isEmpty();
        assertThat(store.read((Tx tx) -> tx.stepRecords().get("step 2"))).isPresent();
        assertThat(store.read((Tx tx) -> tx.stepRecords().get("step 4"))).isPresent();
    }
}
