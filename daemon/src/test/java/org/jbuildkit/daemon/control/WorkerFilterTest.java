package org.jbuildkit.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jbuildkit.api.pb.Platform;
import org.jbuildkit.api.types.WorkerRecord;
import org.junit.jupiter.api.Test;

class WorkerFilterTest {
    private final WorkerRecord worker = WorkerRecord.newBuilder().setID("w1")
            .addPlatforms(Platform.newBuilder().setOS("linux").setArchitecture("amd64"))
            .putLabels("org.mobyproject.buildkit.worker.executor", "oci").build();

    @Test
    void matchesIdPlatformAndLabels() {
        assertThat(WorkerFilter.parse("id==w1").matches(worker)).isTrue();
        assertThat(WorkerFilter.parse("id!=w1").matches(worker)).isFalse();
        assertThat(WorkerFilter.parse("platforms==linux/amd64").matches(worker)).isTrue();
        assertThat(WorkerFilter.parse("platforms==linux/arm64").matches(worker)).isFalse();
        assertThat(WorkerFilter.parse("labels.\"org.mobyproject.buildkit.worker.executor\"==oci").matches(worker))
                .isTrue();
    }

    @Test
    void nonsenseIsRejected() {
        assertThatThrownBy(() -> WorkerFilter.parse("gpu")).hasMessageContaining("is not understood");
    }
}
