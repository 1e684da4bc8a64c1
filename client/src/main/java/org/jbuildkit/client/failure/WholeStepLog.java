package org.jbuildkit.client.failure;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.buildlogs.BuildLogsGrpc;
import org.jbuildkit.api.buildlogs.VertexLogChunk;
import org.jbuildkit.api.buildlogs.VertexLogRequest;
import org.jbuildkit.client.output.GoFormat;

/**
 * The whole log of a failed step whose log the progress stream clipped, fetched from the daemon's
 * {@code jbuildkit.v1.BuildLogs} and printed between rules; a daemon without that service (upstream's)
 * gets a line saying the whole log is not available, and the build's report goes on.
 */
public final class WholeStepLog {
    private static final long DEADLINE_SECONDS = 120;

    private final Channel channel;
    private final String ref;

    public WholeStepLog(Channel channel, String ref) {
        this.channel = channel;
        this.ref = ref;
    }

    public void print(String vertex, String name, PrintWriter out) {
        try {
            Iterator<VertexLogChunk> chunks = BuildLogsGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .vertexLog(VertexLogRequest.newBuilder().setRef(ref).setVertex(vertex).build());
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            boolean first = true;
            char last = '\n';
            ByteBuffer pending = ByteBuffer.allocate(0);
            while (chunks.hasNext()) {
                VertexLogChunk chunk = chunks.next();
                if (first) {
                    out.printf("------ whole log of %s (%s, kept by the daemon in %s):%n", name,
                            GoFormat.bytesFixed(chunk.getSize()), chunk.getPath());
                    first = false;
                }
                ByteBuffer in = concat(pending, chunk.getData().asReadOnlyByteBuffer());
                CharBuffer text = CharBuffer.allocate(in.remaining() + 1);
                decoder.decode(in, text, false);
                text.flip();
                if (text.length() > 0) {
                    last = text.charAt(text.length() - 1);
                    out.append(text);
                }
                pending = in;
            }
            if (first) {
                return;
            }
            CharBuffer rest = CharBuffer.allocate(pending.remaining() + 2);
            decoder.decode(pending, rest, true);
            decoder.flush(rest);
            rest.flip();
            if (rest.length() > 0) {
                last = rest.charAt(rest.length() - 1);
                out.append(rest);
            }
            if (last != '\n') {
                out.println();
            }
            out.println("------");
        } catch (StatusRuntimeException e) {
            out.println(unavailable(e, name));
        }
        out.flush();
    }

    private static String unavailable(StatusRuntimeException e, String name) {
        Status.Code code = e.getStatus().getCode();
        if (code == Status.Code.UNIMPLEMENTED) {
            return "the whole log of " + name + " is not available: this daemon does not keep step logs"
                    + " (jbuildkit.v1.BuildLogs; an upstream buildkitd?), so only the clipped log above exists";
        }
        return "the whole log of " + name + " is not available: " + (e.getStatus().getDescription() == null
                ? code.toString() : e.getStatus().getDescription());
    }

    private static ByteBuffer concat(ByteBuffer pending, ByteBuffer next) {
        if (!pending.hasRemaining()) {
            return next;
        }
        ByteBuffer joined = ByteBuffer.allocate(pending.remaining() + next.remaining());
        joined.put(pending).put(next).flip();
        return joined;
    }
}
