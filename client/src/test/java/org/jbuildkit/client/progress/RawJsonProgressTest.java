package org.jbuildkit.client.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import org.jbuildkit.api.control.StatusResponse;
import org.jbuildkit.api.control.Vertex;
import org.jbuildkit.api.control.VertexLog;
import org.jbuildkit.api.control.VertexStatus;
import org.jbuildkit.api.control.VertexWarning;
import org.junit.jupiter.api.Test;

/** rawjson lines have the shape of upstream's Go-encoded client.SolveStatus. */
class RawJsonProgressTest {

    @Test
    void vertexesStatusesLogsAndWarningsUseUpstreamsKeysAndEncodings() {
        StatusResponse status = StatusResponse.newBuilder()
                .addVertexes(Vertex.newBuilder().setDigest("sha256:a").addInputs("sha256:b").setName("[1/2] RUN x > y")
                        .setStarted(StatusMessages.at(120)).setCompleted(StatusMessages.at(1500)).setCached(false))
                .addStatuses(VertexStatus.newBuilder().setID("resolve").setVertex("sha256:a").setCurrent(0)
                        .setTimestamp(StatusMessages.at(0)).setStarted(StatusMessages.at(0)))
                .addLogs(VertexLog.newBuilder().setVertex("sha256:a").setStream(2)
                        .setMsg(ByteString.copyFromUtf8("hi\n")).setTimestamp(StatusMessages.at(7)))
                .addWarnings(VertexWarning.newBuilder().setVertex("sha256:a").setLevel(1)
                        .setShort(ByteString.copyFromUtf8("w")).setUrl("https://x"))
                .build();
        assertThat(RawJsonProgress.json(status)).isEqualTo("{\"vertexes\":[{\"digest\":\"sha256:a\","
                + "\"inputs\":[\"sha256:b\"],\"name\":\"[1/2] RUN x \\u003e y\",\"started\":\"2026-11-20T10:00:00.12Z\","
                + "\"completed\":\"2026-11-20T10:00:01.5Z\"}],"
                + "\"statuses\":[{\"id\":\"resolve\",\"vertex\":\"sha256:a\",\"current\":0,"
                + "\"timestamp\":\"2026-11-20T10:00:00Z\",\"started\":\"2026-11-20T10:00:00Z\"}],"
                + "\"logs\":[{\"vertex\":\"sha256:a\",\"stream\":2,\"data\":\"aGkK\",\"timestamp\":\"2026-11-20T10:00:00.007Z\"}],"
                + "\"warnings\":[{\"vertex\":\"sha256:a\",\"level\":1,\"short\":\"dw==\",\"url\":\"https://x\"}]}");
    }

    @Test
    void anEmptyMessageIsAnEmptyObject() {
        assertThat(RawJsonProgress.json(StatusResponse.getDefaultInstance())).isEqualTo("{}");
    }
}
