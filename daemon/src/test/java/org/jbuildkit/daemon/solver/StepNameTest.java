package org.jbuildkit.daemon.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jbuildkit.api.pb.ExecOp;
import org.jbuildkit.api.pb.Meta;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.OpMetadata;
import org.jbuildkit.api.pb.SourceOp;
import org.junit.jupiter.api.Test;

/** Which earlier run a step is compared with when it misses the cache. */
class StepNameTest {

    private static Vertex exec(String customName, String command) {
        Op op = Op.newBuilder().setExec(ExecOp.newBuilder().setMeta(Meta.newBuilder().addArgs("/bin/sh")
                .addArgs("-c").addArgs(command))).build();
        OpMetadata.Builder metadata = OpMetadata.newBuilder();
        if (customName != null) {
            metadata.putDescription("llb.customname", customName);
        }
        return new Vertex("sha256:" + "0".repeat(64), op, List.of(), metadata.build());
    }

    @Test
    void aDockerfileStepIsTheSameStepWhateverItsCommand() {
        assertThat(MissReporter.stepName(exec("[build 2/4] RUN make all", "make all")))
                .isEqualTo(MissReporter.stepName(exec("[build 2/4] RUN make test", "make test")))
                .isEqualTo("[build 2/4] EXEC");
        assertThat(MissReporter.stepName(exec("[build 3/4] RUN make all", "make all")))
                .isNotEqualTo(MissReporter.stepName(exec("[build 2/4] RUN make all", "make all")));
        assertThat(MissReporter.stepName(exec("[2/3] RUN echo one", "echo one"))).isEqualTo("[2/3] EXEC");
    }

    @Test
    void otherNamesAreTakenWhole() {
        assertThat(MissReporter.stepName(exec(null, "echo hi"))).isEqualTo("/bin/sh -c echo hi");
        assertThat(MissReporter.stepName(exec("compile", "make"))).isEqualTo("compile");
        Vertex internal = new Vertex("sha256:" + "1".repeat(64), Op.newBuilder().setSource(SourceOp.newBuilder()
                .setIdentifier("docker-image://a")).build(), List.of(),
                OpMetadata.newBuilder().putDescription("llb.customname", "[internal] load metadata for a").build());
        assertThat(MissReporter.stepName(internal)).isEqualTo("[internal] load metadata for a");
    }
}
