package org.jbuildkit.client.progress;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.PrintWriter;
import org.jbuildkit.api.control.StatusResponse;

/** {@code --progress rawjson}: each status message as one line of JSON. */
public final class RawJsonProgress implements ProgressDisplay {
    private final PrintWriter out;
    private final JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();

    public RawJsonProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public synchronized void update(StatusResponse status) {
        try {
            out.println(printer.print(status));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot render progress as JSON", e);
        }
        out.flush();
    }

    @Override
    public void finish(String error) {
        out.flush();
    }
}
