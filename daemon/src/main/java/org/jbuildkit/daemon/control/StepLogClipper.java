package org.jbuildkit.daemon.control;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jbuildkit.daemon.buildlog.TailBuffer;

/**
 * One stream (stdout or stderr) of one step on the progress stream, clipped as upstream clips it:
 * past the limit the bytes are dropped and a {@code [output clipped, log limit … reached]} line
 * marks the cut once per clipped run; output flows again when a whole write fits the allowance
 * (the speed limit grows each second). From the first clipped write on, the last 256 KiB are kept,
 * and sent when the step fails, so the end of a failing step's output is always seen.
 */
final class StepLogClipper {
    static final int TAIL_BYTES = 256 * 1024;

    private final StepLogLimits limits;
    private final Instant created;
    private long size;
    private boolean clipping;
    private TailBuffer tail;

    StepLogClipper(StepLogLimits limits, Instant created) {
        this.limits = limits;
        this.created = created;
    }

    /** What of this write goes on the progress stream (possibly nothing, possibly with the clip line). */
    byte[] accept(byte[] data, Instant at) {
        Duration running = Duration.between(created, at);
        long allowance = limits.allowance(running);
        long before = size;
        size += data.length;
        int pass = data.length;
        if (allowance != -1) {
            if (allowance < before) {
                pass = 0;
            } else if (size > allowance) {
                pass = (int) (allowance - before);
            }
        }
        if (tail == null && pass < data.length) {
            tail = new TailBuffer(TAIL_BYTES);
        }
        if (tail != null) {
            tail.write(data);
        }
        if (clipping && pass == data.length) {
            clipping = false;
        }
        if (!clipping && pass != data.length) {
            clipping = true;
            byte[] message = limits.clipMessage(limits.speedBound(running)).getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream out = new ByteArrayOutputStream(pass + message.length);
            out.write(data, 0, pass);
            out.writeBytes(message);
            return out.toByteArray();
        }
        if (pass == data.length) {
            return data;
        }
        byte[] out = new byte[pass];
        System.arraycopy(data, 0, out, 0, pass);
        return out;
    }

    /** The last bytes written since clipping began, for a failed step; empty when it never clipped. */
    Optional<byte[]> tail() {
        return tail == null ? Optional.empty() : Optional.of(tail.bytes());
    }
}
