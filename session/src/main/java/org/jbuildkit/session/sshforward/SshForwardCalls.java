package org.jbuildkit.session.sshforward;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.sshforward.BytesMessage;
import org.jbuildkit.api.sshforward.CheckAgentRequest;
import org.jbuildkit.api.sshforward.SSHGrpc;
import org.jbuildkit.session.filesync.BlockingStream;
import org.jbuildkit.session.manager.Caller;

/** The daemon's calls into a client's SSH service (upstream's {@code CheckSSHID} and the socket server). */
public final class SshForwardCalls {
    private SshForwardCalls() {
    }

    /** Whether the client forwards agent {@code id}: it advertised the service and CheckAgent succeeded. */
    public static boolean hasAgent(Caller caller, String id) {
        if (!caller.supports(SshForwarding.CHECK_AGENT)) {
            return false;
        }
        try {
            SSHGrpc.newBlockingStub(caller.channel()).withDeadlineAfter(60, TimeUnit.SECONDS)
                    .checkAgent(CheckAgentRequest.newBuilder().setID(id).build());
            return true;
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.NOT_FOUND || code == Status.Code.UNIMPLEMENTED || code == Status.Code.UNKNOWN) {
                // Upstream's client answers an unset id with a plain error, which arrives as UNKNOWN.
                return false;
            }
            throw new IllegalStateException("asking the client for ssh agent " + id + " failed: " + code
                    + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription()), e);
        }
    }

    /**
     * Pipes one connection to the client's agent {@code id} until either end closes it; blocks, and
     * uses {@code executor} for the second direction. The connection is closed when this returns.
     */
    public static void forward(Caller caller, String id, SocketChannel conn, Executor executor) {
        Metadata headers = new Metadata();
        headers.put(SshForwarding.ID_HEADER, SshForwarding.orDefault(id));
        Channel channel = ClientInterceptors.intercept(caller.channel(),
                MetadataUtils.newAttachHeadersInterceptor(headers));
        BlockingStream<BytesMessage> stream = BlockingStream.call(channel, SSHGrpc.getForwardAgentMethod(),
                CallOptions.DEFAULT, "ForwardAgent " + id);
        SocketPipe.run(conn, stream, executor);
    }
}
