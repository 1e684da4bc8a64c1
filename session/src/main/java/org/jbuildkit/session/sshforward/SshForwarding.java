package org.jbuildkit.session.sshforward;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/** Names both ends of {@code moby.sshforward.v1.SSH} agree on (upstream's {@code sshforward} package). */
public final class SshForwarding {
    /** The id a mount or flag without one uses. */
    public static final String DEFAULT_ID = "default";
    public static final String CHECK_AGENT = "/moby.sshforward.v1.SSH/CheckAgent";
    public static final String FORWARD_AGENT = "/moby.sshforward.v1.SSH/ForwardAgent";
    /** ForwardAgent's request metadata naming the agent (upstream's {@code KeySSHID}). */
    static final Metadata.Key<String> ID_HEADER = Metadata.Key.of("buildkit.ssh.id", Metadata.ASCII_STRING_MARSHALLER);
    static final Context.Key<String> ID_IN_CALL = Context.key("buildkit.ssh.id");

    private SshForwarding() {
    }

    /** Puts the call's {@code buildkit.ssh.id} header into its context for the service to read. */
    static ServerInterceptor idFromHeaders() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                String id = headers.get(ID_HEADER);
                return Contexts.interceptCall(Context.current().withValue(ID_IN_CALL, id), call, headers, next);
            }
        };
    }

    static String orDefault(String id) {
        return id == null || id.isEmpty() ? DEFAULT_ID : id;
    }
}
