package org.jbuildkit.session;

import io.grpc.Metadata;

/**
 * The gRPC metadata keys of {@code Control.Session}, lower-cased as upstream's
 * {@code grpchijack.Dialer} sends them.
 */
public final class SessionHeaders {

    public static final Metadata.Key<String> ID = key("x-docker-expose-session-uuid");
    public static final Metadata.Key<String> NAME = key("x-docker-expose-session-name");
    public static final Metadata.Key<String> SHARED_KEY = key("x-docker-expose-session-sharedkey");
    /** One value per method the client serves, as {@code /package.Service/Method}. */
    public static final Metadata.Key<String> GRPC_METHOD = key("x-docker-expose-session-grpc-method");
    /** Upstream's test hook: health-check interval and timeout in milliseconds. */
    public static final Metadata.Key<String> HEALTH_CUSTOM_TIMEOUT = key("x-buildkit-session-health-custom-timeout");

    private SessionHeaders() {}

    /** Upstream's {@code session.MethodURL}. */
    public static String methodUrl(String fullServiceName, String methodName) {
        return "/" + fullServiceName + "/" + methodName;
    }

    private static Metadata.Key<String> key(String name) {
        return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    }
}
