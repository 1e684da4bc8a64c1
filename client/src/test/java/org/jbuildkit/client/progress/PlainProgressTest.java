package org.jbuildkit.client.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.jbuildkit.api.control.StatusResponse;
import org.jbuildkit.api.control.Vertex;
import org.jbuildkit.api.control.VertexLog;
import org.junit.jupiter.api.Test;

class PlainProgressTest {
    private final StringWriter text = new StringWriter();
    private final PlainProgress progress = new PlainProgress(new PrintWriter(text));

    private static Timestamp at(long millis) {
        return Timestamp.newBuilder().setSeconds(1000 + millis / 1000).setNanos((int) (millis % 1000) * 1_000_000)
                .build();
    }

    private static StatusResponse vertex(String digest, String name, long started, long completed, boolean cached,
            String error) {
        Vertex.Builder v = Vertex.newBuilder().setDigest(digest).setName(name).setStarted(at(started))
                .setCached(cached).setError(error);
        if (completed >= 0) {
            v.setCompleted(at(completed));
        }
        return StatusResponse.newBuilder().addVertexes(v).build();
    }

    private static StatusResponse log(String digest, long at, String msg) {
        return StatusResponse.newBuilder().addLogs(VertexLog.newBuilder().setVertex(digest).setTimestamp(at(at))
                .setStream(1).setMsg(ByteString.copyFromUtf8(msg))).build();
    }

    @Test
    void stepsAreNumberedInOrderWithUpstreamsWords() {
        progress.update(vertex("a", "[1/3] FROM busybox", 0, 0, true, ""));
        progress.update(vertex("b", "[2/3] RUN echo before", 0, -1, false, ""));
        progress.update(log("b", 71, "before\n"));
        progress.update(vertex("b", "[2/3] RUN echo before", 0, 100, false, ""));
        progress.finish(null);
        assertThat(text.toString()).isEqualTo(String.join("\n",
                "#1 [1/3] FROM busybox",
                "#1 CACHED",
                "",
                "#2 [2/3] RUN echo before",
                "#2 0.071 before",
                "#2 DONE 0.1s",
                "", ""));
    }

    @Test
    void failureShowsTheStepsLastLinesBetweenRules() {
        progress.update(vertex("c", "[3/3] RUN ls /nonexistent", 0, -1, false, ""));
        progress.update(log("c", 82, "start\nls: /nonexistent: No such file or directory\n"));
        progress.update(vertex("c", "[3/3] RUN ls /nonexistent", 0, 90, false,
                "process \"/bin/sh -c ls /nonexistent\" did not complete successfully: exit code: 1"));
        progress.finish("process \"/bin/sh -c ls /nonexistent\" did not complete successfully: exit code: 1");
        assertThat(text.toString()).contains(
                "#1 ERROR: process \"/bin/sh -c ls /nonexistent\" did not complete successfully: exit code: 1\n"
                        + "------\n > [3/3] RUN ls /nonexistent:\n#1 0.082 start\n"
                        + "#1 0.082 ls: /nonexistent: No such file or directory\n------\n");
    }

    @Test
    void partialLinesWaitForTheirEnd() {
        progress.update(vertex("d", "step", 0, -1, false, ""));
        progress.update(log("d", 10, "hel"));
        progress.update(log("d", 20, "lo\n"));
        assertThat(text.toString()).contains("#1 0.020 hello\n").doesNotContain("hel\n");
    }
}
