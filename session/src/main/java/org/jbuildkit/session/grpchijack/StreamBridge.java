package org.jbuildkit.session.grpchijack;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.stub.CallStreamObserver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.jbuildkit.api.control.BytesMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@code Control.Session} stream into a byte pipe (upstream's {@code streamToConn}):
 * bytes a Netty channel reads go out as {@link BytesMessage} chunks, chunks that arrive are
 * written into the channel. No other framing. Chunks received before the channel is attached
 * are kept and written on attach.
 */
public final class StreamBridge {

    private static final Logger LOG = LoggerFactory.getLogger(StreamBridge.class);
    /** Coalesce HTTP/2 frames read in one go up to this size per message, well under every peer's limit. */
    static final int MAX_CHUNK = 64 * 1024;

    private final String sessionId;
    private final CallStreamObserver<BytesMessage> out;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final ArrayDeque<ByteString> pending = new ArrayDeque<>();
    private Channel channel;
    private boolean outEnded;

    /**
     * @param out the sending half of the stream; for a client call it must be the observer handed
     *     to {@code beforeStart}, so that {@link #onReady()} can be installed before the call starts
     */
    public StreamBridge(String sessionId, CallStreamObserver<BytesMessage> out) {
        this.sessionId = sessionId;
        this.out = out;
    }

    /**
     * A handler that connects the pipe to its channel once active. Install it when the channel
     * is initialised: bytes the channel reads before the pipe is attached would be lost.
     */
    public ChannelHandler attachOnActive() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.pipeline().remove(this);
                attach(ctx.channel());
                ctx.fireChannelActive();
            }
        };
    }

    private void attach(Channel ch) {
        synchronized (this) {
            if (closed.isDone() || channel != null) {
                ch.close();
                return;
            }
            channel = ch;
            ch.pipeline().addLast(new ToStream());
            while (!pending.isEmpty()) {
                ch.write(toBuf(pending.poll()));
            }
            ch.flush();
        }
        ch.closeFuture().addListener(f -> close());
    }

    /** A chunk arrived on the stream. */
    public void received(BytesMessage message) {
        ByteString data = message.getData();
        if (data.isEmpty()) {
            return;
        }
        synchronized (this) {
            if (closed.isDone()) {
                return;
            }
            if (channel == null) {
                pending.add(data);
            } else {
                channel.writeAndFlush(toBuf(data));
            }
        }
    }

    /** The stream's receiving half ended (cleanly or not): the connection is over. */
    public void streamEnded(Throwable cause) {
        if (cause != null) {
            LOG.debug("session {}: stream ended: {}", sessionId, cause.toString());
        }
        close();
    }

    /** The stream can take more data: resume reading from the channel. */
    public void onReady() {
        Channel ch;
        synchronized (this) {
            ch = channel;
        }
        if (ch != null && !ch.config().isAutoRead()) {
            ch.config().setAutoRead(true);
        }
    }

    /** Ends both directions: closes the channel and half-closes the stream. Idempotent. */
    public void close() {
        Channel ch;
        synchronized (this) {
            if (!closed.complete(null)) {
                return;
            }
            ch = channel;
            pending.clear();
        }
        if (ch != null) {
            // Queued behind earlier writes, so bytes already received still reach the peer.
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        endOut();
    }

    /** Completes when the pipe has closed, from either end. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    private void endOut() {
        synchronized (out) {
            if (outEnded) {
                return;
            }
            outEnded = true;
            try {
                out.onCompleted();
            } catch (RuntimeException e) {
                LOG.debug("session {}: ending the stream: {}", sessionId, e.toString());
            }
        }
    }

    private void send(ByteBuf buf) {
        ByteString data = UnsafeByteOperations.unsafeWrap(copy(buf));
        synchronized (out) {
            if (outEnded) {
                return;
            }
            try {
                out.onNext(BytesMessage.newBuilder().setData(data).build());
            } catch (RuntimeException e) {
                LOG.debug("session {}: sending on the stream: {}", sessionId, e.toString());
                outEnded = true;
            }
        }
    }

    private static byte[] copy(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        return bytes;
    }

    private static ByteBuf toBuf(ByteString data) {
        return Unpooled.wrappedBuffer(data.asReadOnlyByteBuffer());
    }

    /** Reads what grpc-netty writes and sends it on the stream, coalesced per read burst. */
    private final class ToStream extends ChannelInboundHandlerAdapter {
        private CompositeByteBuf acc;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            if (acc == null) {
                acc = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
            }
            acc.addComponent(true, buf);
            if (acc.readableBytes() >= MAX_CHUNK) {
                flush(ctx);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            flush(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            flush(ctx);
            if (acc != null) {
                acc.release();
                acc = null;
            }
            close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("session {}: tunnel channel failed: {}", sessionId, cause.toString());
            ctx.close();
        }

        private void flush(ChannelHandlerContext ctx) {
            if (acc == null || !acc.isReadable()) {
                return;
            }
            while (acc.isReadable()) {
                int n = Math.min(MAX_CHUNK, acc.readableBytes());
                send(acc.readSlice(n));
            }
            acc.discardReadComponents();
            if (!out.isReady()) {
                // Resumed by onReady(); HTTP/2 flow control bounds what piles up meanwhile.
                ctx.channel().config().setAutoRead(false);
                if (out.isReady()) {
                    // onReady may have fired between the check and the switch.
                    ctx.channel().config().setAutoRead(true);
                }
            }
        }
    }
}
