package org.jbuildkit.daemon.ops;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jbuildkit.daemon.solver.ExecContext;

/**
 * Streams a layer tar from the side that writes it (a snapshot's layer, a comparison of two trees) into the
 * side that applies it, without a temp file: the writer runs on the executor, the reader in the calling
 * thread. When either side fails the other stops too, and a cancelled build stops the reader at its next read.
 */
final class LayerPipe {
    private static final int BUFFER = 1 << 20;

    /** Writes a tar to {@code out}; the pipe closes it afterwards. */
    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Reads the whole tar from {@code in}. */
    interface Reader<T> {
        T read(InputStream in) throws IOException;
    }

    private final Executor executor;

    LayerPipe(Executor executor) {
        this.executor = executor;
    }

    <T> T transfer(Writer writer, Reader<T> reader, ExecContext context) throws IOException {
        var in = new PipedInputStream(BUFFER);
        var out = new PipedOutputStream(in);
        var readerFailed = new AtomicBoolean();
        var writerFailedFirst = new AtomicBoolean();
        CompletableFuture<Void> written = new CompletableFuture<>();
        executor.execute(() -> {
            try (out) {
                writer.write(out);
                written.complete(null);
            } catch (Throwable e) {
                writerFailedFirst.set(!readerFailed.get());
                written.completeExceptionally(e);
            }
        });
        T result;
        try {
            result = reader.read(new Cancellable(in, context));
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException e) {
            readerFailed.set(true);
            // With the pipe closed the writer's next write fails, so it ends soon.
            in.close();
            waitQuietly(written);
            Throwable writeFailure = failure(written);
            if (writeFailure != null && writerFailedFirst.get() && !(e instanceof CancellationException)) {
                // The reader only saw the stream end early; what broke the writer is the cause.
                IOException cause = asIOException(writeFailure);
                cause.addSuppressed(e);
                throw cause;
            }
            throw e;
        }
        in.close();
        waitQuietly(written);
        Throwable writeFailure = failure(written);
        if (writeFailure != null) {
            // A tar cut short can still read as complete; only the writer knows it failed.
            throw asIOException(writeFailure);
        }
        return result;
    }

    private static IOException asIOException(Throwable failure) {
        return failure instanceof IOException io ? io
                : new IOException("cannot write the layer: " + failure, failure);
    }

    private static void waitQuietly(CompletableFuture<Void> written) {
        try {
            written.join();
        } catch (CompletionException | CancellationException e) {
            // Read by failure().
        }
    }

    private static Throwable failure(CompletableFuture<Void> written) {
        if (!written.isCompletedExceptionally()) {
            return null;
        }
        try {
            written.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    /** Fails the next read once the build is cancelled, so a long apply stops between blocks. */
    private static final class Cancellable extends FilterInputStream {
        private final ExecContext context;

        Cancellable(InputStream in, ExecContext context) {
            super(in);
            this.context = context;
        }

        private void check() {
            if (context.cancelled()) {
                throw new CancellationException("the build was cancelled");
            }
        }

        @Override
        public int read() throws IOException {
            check();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            return super.read(b, off, len);
        }

        @Override
        public long skip(long n) throws IOException {
            check();
            return super.skip(n);
        }
    }
}
