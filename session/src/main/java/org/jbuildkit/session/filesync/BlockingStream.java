package org.jbuildkit.session.filesync;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.CallStreamObserver;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One end of a bidirectional gRPC stream as blocking calls, for code that reads and writes in a
 * loop (fsutil's sender and receiver): {@link #send} waits for gRPC's flow control, {@link #receive}
 * waits for the next message, asking the peer for more only as messages are taken. The same class
 * serves either side of the call, so protocol code does not care who dialled whom.
 */
public final class BlockingStream<T> {
    /** Messages requested ahead of the reader: enough to keep the pipe full, few enough to bound memory. */
    private static final int WINDOW = 16;

    private final String what;
    private final boolean clientSide;
    private final LinkedBlockingQueue<Inbound<T>> inbound = new LinkedBlockingQueue<>();
    private final Object lock = new Object();
    private CallStreamObserver<T> out;
    private boolean outClosed;
    private String terminated;
    private boolean ended;

    private BlockingStream(String what, boolean clientSide) {
        this.what = what;
        this.clientSide = clientSide;
    }

    /** Starts a call of {@code method} on {@code channel}; {@code what} names it in errors. */
    public static <T> BlockingStream<T> call(Channel channel, MethodDescriptor<T, T> method, CallOptions options,
            String what) {
        BlockingStream<T> stream = new BlockingStream<>(what, true);
        ClientCalls.asyncBidiStreamingCall(channel.newCall(method, options), stream.new ClientSide());
        return stream;
    }

    /**
     * The server end of a call being handled now: pass the call's response observer, and return
     * {@link #requests()} from the handler. Must be called inside the handler method.
     */
    public static <T> BlockingStream<T> serve(StreamObserver<T> responses, String what) {
        BlockingStream<T> stream = new BlockingStream<>(what, false);
        ServerCallStreamObserver<T> call = (ServerCallStreamObserver<T>) responses;
        call.disableAutoRequest();
        call.setOnReadyHandler(stream::wakeSenders);
        call.setOnCancelHandler(() -> stream.terminate("the peer cancelled " + what));
        stream.out = call;
        call.request(WINDOW);
        return stream;
    }

    /** What the server handler returns: the incoming half of the call. */
    public StreamObserver<T> requests() {
        if (clientSide) {
            throw new IllegalStateException(what + ": requests() is for the server end of a call");
        }
        return new Receiving();
    }

    /** Sends one message, waiting while gRPC's flow control holds it back; fails once the call is over. */
    public void send(T message) throws IOException {
        synchronized (lock) {
            while (terminated == null && !outClosed && !out.isReady()) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException(what + ": interrupted while sending");
                }
            }
            if (terminated != null) {
                throw new IOException(terminated);
            }
            if (outClosed) {
                throw new IOException(what + ": already closed for sending");
            }
            out.onNext(message);
        }
    }

    /** The next message, or empty once the peer ended its half normally; throws when the call failed. */
    public Optional<T> receive() throws IOException {
        Inbound<T> next;
        try {
            next = inbound.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(what + ": interrupted while receiving");
        }
        if (next.error() != null) {
            inbound.add(next);
            throw new IOException(next.error());
        }
        if (next.message() == null) {
            inbound.add(next);
            return Optional.empty();
        }
        synchronized (lock) {
            out.request(1);
        }
        return Optional.of(next.message());
    }

    /** Ends our half: a client half-closes, a server completes the call with OK. */
    public void complete() {
        synchronized (lock) {
            if (!outClosed && terminated == null) {
                outClosed = true;
                out.onCompleted();
            }
        }
    }

    /** Ends the call with an error: a client cancels it, a server closes it with {@code status}. */
    public void fail(Status status) {
        synchronized (lock) {
            if (!outClosed) {
                outClosed = true;
                try {
                    out.onError(status.asRuntimeException());
                } catch (RuntimeException e) {
                    // The call is already over; there is nobody left to tell.
                }
            }
            lock.notifyAll();
        }
    }

    private void wakeSenders() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void terminate(String reason) {
        synchronized (lock) {
            if (terminated == null) {
                terminated = reason;
            }
            lock.notifyAll();
        }
    }

    private void inboundEnded(Throwable error) {
        synchronized (lock) {
            if (ended) {
                return;
            }
            ended = true;
        }
        if (error == null) {
            inbound.add(new Inbound<>(null, null));
            if (clientSide) {
                terminate(what + " is over: the peer completed the call");
            }
        } else {
            Status status = Status.fromThrowable(error);
            String reason = what + " failed: " + status.getCode()
                    + (status.getDescription() == null ? "" : ": " + status.getDescription());
            inbound.add(new Inbound<>(null, reason));
            terminate(reason);
        }
    }

    private record Inbound<T>(T message, String error) {
    }

    /** Receives the client's messages on the server end. */
    private final class Receiving implements StreamObserver<T> {
        @Override
        public void onNext(T value) {
            inbound.add(new Inbound<>(value, null));
        }

        @Override
        public void onError(Throwable t) {
            inboundEnded(t);
        }

        @Override
        public void onCompleted() {
            inboundEnded(null);
        }
    }

    /** Receives the server's messages on the client end, and sets up flow control before the call starts. */
    private final class ClientSide implements ClientResponseObserver<T, T> {
        private final Receiving receiving = new Receiving();

        @Override
        public void beforeStart(ClientCallStreamObserver<T> requests) {
            requests.disableAutoRequestWithInitial(WINDOW);
            requests.setOnReadyHandler(BlockingStream.this::wakeSenders);
            synchronized (lock) {
                out = requests;
            }
        }

        @Override
        public void onNext(T value) {
            receiving.onNext(value);
        }

        @Override
        public void onError(Throwable t) {
            receiving.onError(t);
        }

        @Override
        public void onCompleted() {
            receiving.onCompleted();
        }
    }
}
