package org.jbuildkit.session.manager;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import org.jbuildkit.api.control.ControlGrpc;

/**
 * Makes the headers of a {@code Control.Session} call visible to the service method, which
 * hands them to {@link SessionManager#handleSession(io.grpc.stub.StreamObserver)}. Install it on
 * the daemon's server (or on the Control service); other calls pass through untouched.
 */
public final class SessionMetadataInterceptor implements ServerInterceptor {

    static final Context.Key<Metadata> HEADERS = Context.key("jbuildkit-session-headers");
    private static final String SESSION_METHOD = ControlGrpc.getSessionMethod().getFullMethodName();

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
            ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        if (!SESSION_METHOD.equals(call.getMethodDescriptor().getFullMethodName())) {
            return next.startCall(call, headers);
        }
        return Contexts.interceptCall(Context.current().withValue(HEADERS, headers), call, headers, next);
    }
}
