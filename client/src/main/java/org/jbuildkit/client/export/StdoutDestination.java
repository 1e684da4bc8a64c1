package org.jbuildkit.client.export;

import com.google.protobuf.ByteString;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jbuildkit.session.filesync.FileSendTarget;

/** An output written to stdout ({@code dest=-} or no dest), refused when stdout is a terminal, as upstream. */
final class StdoutDestination implements FileSendTarget.FileOutput {
    private final OutputStream out = new FileOutputStream(FileDescriptor.out);

    static StdoutDestination prepare(String type) {
        if (stdoutIsTerminal()) {
            throw new IllegalArgumentException("output file is required for " + type + " exporter. refusing to write"
                    + " to console; give dest=FILE or redirect stdout");
        }
        return new StdoutDestination();
    }

    @Override
    public FileSendTarget.Sink open(Map<String, String> metadata) {
        return new FileSendTarget.Sink() {
            @Override
            public void write(ByteString data) throws IOException {
                data.writeTo(out);
            }

            @Override
            public void commit() throws IOException {
                out.flush();
            }

            @Override
            public void abort() {
                // What went to stdout is gone; the build's error tells the reader not to use it.
            }
        };
    }

    private static boolean stdoutIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
