package org.jbuildkit.session.sshforward;

import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.Executor;
import org.jbuildkit.api.sshforward.BytesMessage;
import org.jbuildkit.api.sshforward.CheckAgentRequest;
import org.jbuildkit.api.sshforward.CheckAgentResponse;
import org.jbuildkit.api.sshforward.SSHGrpc;
import org.jbuildkit.session.filesync.BlockingStream;

/**
 * The client's {@code moby.sshforward.v1.SSH} service (upstream's {@code socketProvider}): each id
 * names an ssh agent's unix socket; every ForwardAgent stream is one connection to it, served
 * read-only ({@link ReadOnlyAgentProxy}) or, for a raw agent, bytes piped both ways. Attach
 * {@link #definition()}, which reads the id from the call's metadata.
 */
public final class AgentSocketProvider extends SSHGrpc.SSHImplBase {
    private final Map<String, AgentSocket> sockets;
    private final Executor executor;

    /** {@code executor} runs two tasks per forwarded connection for as long as it lasts. */
    public AgentSocketProvider(Map<String, AgentSocket> sockets, Executor executor) {
        this.sockets = Map.copyOf(sockets);
        this.executor = executor;
    }

    /** The service to attach to a session. */
    public ServerServiceDefinition definition() {
        return ServerInterceptors.intercept(this, SshForwarding.idFromHeaders());
    }

    @Override
    public void checkAgent(CheckAgentRequest request, StreamObserver<CheckAgentResponse> responses) {
        String id = SshForwarding.orDefault(request.getID());
        if (!sockets.containsKey(id)) {
            responses.onError(unset(id).asRuntimeException());
            return;
        }
        responses.onNext(CheckAgentResponse.getDefaultInstance());
        responses.onCompleted();
    }

    @Override
    public StreamObserver<BytesMessage> forwardAgent(StreamObserver<BytesMessage> responses) {
        String id = SshForwarding.orDefault(SshForwarding.ID_IN_CALL.get());
        BlockingStream<BytesMessage> stream = BlockingStream.serve(responses, "ForwardAgent " + id);
        AgentSocket agent = sockets.get(id);
        if (agent == null) {
            stream.fail(unset(id));
            return stream.requests();
        }
        executor.execute(() -> {
            SocketChannel conn;
            try {
                conn = SocketChannel.open(StandardProtocolFamily.UNIX);
                conn.connect(UnixDomainSocketAddress.of(agent.socket()));
            } catch (IOException e) {
                stream.fail(Status.UNAVAILABLE.withDescription("cannot connect to the ssh agent " + id + " at "
                        + agent.socket() + ": " + e.getMessage()));
                return;
            }
            if (agent.raw()) {
                SocketPipe.run(conn, stream, executor);
                return;
            }
            try (conn) {
                ReadOnlyAgentProxy.serve(conn, stream);
            } catch (IOException | RuntimeException e) {
                stream.fail(Status.CANCELLED.withDescription("ssh agent " + id + ": " + e.getMessage()));
            }
        });
        return stream.requests();
    }

    private static Status unset(String id) {
        return Status.NOT_FOUND.withDescription("unset ssh forward key " + id);
    }
}
