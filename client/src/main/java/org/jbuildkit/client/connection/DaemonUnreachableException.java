package org.jbuildkit.client.connection;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import javax.net.ssl.SSLException;
import org.jbuildkit.api.BuildkitAddress;

/**
 * The daemon could not be reached: carries the address tried, what happened, and how to fix it,
 * so buildctl can print one line instead of a gRPC status dump.
 */
public final class DaemonUnreachableException extends RuntimeException {
    private final String fix;

    private DaemonUnreachableException(String message, String fix, Throwable cause) {
        super(message, cause);
        this.fix = fix;
    }

    public String fix() {
        return fix;
    }

    /** Translates a failed call into this exception when the failure is about reaching the daemon. */
    public static RuntimeException translate(StatusRuntimeException e, BuildkitAddress address, int timeoutSeconds) {
        Status.Code code = e.getStatus().getCode();
        if (code != Status.Code.UNAVAILABLE && code != Status.Code.DEADLINE_EXCEEDED) {
            return e;
        }
        String what = reason(e, address, timeoutSeconds);
        String start = address instanceof BuildkitAddress.Unix
                ? "start one with `buildkitd --addr " + address + "` (as root; see README), "
                : "check that buildkitd runs with `--addr " + address + "` and the port is reachable, ";
        return new DaemonUnreachableException("cannot reach buildkitd at " + address + ": " + what,
                start + "or point --addr / BUILDKIT_HOST at a running daemon", e);
    }

    private static String reason(StatusRuntimeException e, BuildkitAddress address, int timeoutSeconds) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return "TLS handshake failed (" + t.getMessage() + "); check --tlscacert/--tlscert/--tlskey";
            }
            if (t instanceof NoSuchFileException) {
                return "no socket file there";
            }
            if (t instanceof ConnectException && t.getMessage() != null) {
                return describeConnect(t.getMessage(), address);
            }
        }
        if (address instanceof BuildkitAddress.Unix unix && !Files.exists(unix.path())) {
            return "no socket file there";
        }
        if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
            return "no answer within " + timeoutSeconds + "s (--timeout)";
        }
        String description = e.getStatus().getDescription();
        return description == null ? e.getStatus().getCode().name() : description;
    }

    private static String describeConnect(String message, BuildkitAddress address) {
        String lower = message.toLowerCase();
        if (lower.contains("no such file")) {
            return "no socket file there";
        }
        if (lower.contains("refused")) {
            return address instanceof BuildkitAddress.Unix
                    ? "connection refused (the socket file exists but no daemon listens on it)"
                    : "connection refused (nothing listens on that port)";
        }
        if (lower.contains("permission denied")) {
            return "permission denied on the socket (run as root or join the daemon's --group)";
        }
        if (lower.contains("timed out")) {
            return "connection timed out (wrong host or port, or a firewall)";
        }
        return message;
    }
}
