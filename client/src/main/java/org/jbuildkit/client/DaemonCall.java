package org.jbuildkit.client;

import io.grpc.StatusRuntimeException;
import java.util.function.Function;
import org.jbuildkit.api.control.ControlGrpc;
import org.jbuildkit.client.connection.DaemonConnection;
import org.jbuildkit.client.connection.DaemonUnreachableException;

/** Runs one unary Control call on a fresh connection and turns transport failures into readable errors. */
public final class DaemonCall {
    private DaemonCall() {
    }

    public static <T> T run(GlobalOptions options, Function<ControlGrpc.ControlBlockingStub, T> call) {
        return onChannel(options, channel -> call.apply(ControlGrpc.newBlockingStub(channel)));
    }

    /** For services other than Control served on the same daemon address. */
    public static <T> T onChannel(GlobalOptions options, Function<io.grpc.Channel, T> call) {
        try (DaemonConnection connection = options.connect()) {
            try {
                return call.apply(connection.channel());
            } catch (StatusRuntimeException e) {
                throw DaemonUnreachableException.translate(e, connection, options.timeoutSeconds());
            }
        }
    }
}
