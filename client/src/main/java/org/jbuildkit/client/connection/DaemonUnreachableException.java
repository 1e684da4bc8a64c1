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

    private record Diagnosis(String what, String fix) {
    }

    /** Translates a failed call into this exception when the failure is about reaching the daemon. */
    public static RuntimeException translate(StatusRuntimeException e, DaemonConnection connection, int timeoutSeconds) {
        BuildkitAddress address = connection.address();
        Status.Code code = e.getStatus().getCode();
        if (code != Status.Code.UNAVAILABLE && code != Status.Code.DEADLINE_EXCEEDED) {
            return e;
        }
        String start = address instanceof BuildkitAddress.Unix
                ? "start one with `buildkitd --addr " + address + "` (as root; see README), "
                : "check that buildkitd runs with `--addr " + address + "` and the port is reachable, ";
        Diagnosis d = diagnose(e, address, connection.tls(), timeoutSeconds,
                start + "or point --addr / BUILDKIT_HOST at a running daemon");
        return new DaemonUnreachableException("cannot reach buildkitd at " + address + ": " + d.what(), d.fix(), e);
    }

    private static Diagnosis diagnose(StatusRuntimeException e, BuildkitAddress address, boolean tls, int timeoutSeconds,
            String startFix) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return tls(t.getMessage() == null ? t.toString() : t.getMessage());
            }
            if (t instanceof NoSuchFileException) {
                return new Diagnosis("no socket file there", startFix);
            }
            if (t instanceof ConnectException && t.getMessage() != null) {
                return new Diagnosis(describeConnect(t.getMessage(), address), startFix);
            }
        }
        if (address instanceof BuildkitAddress.Unix unix && !Files.exists(unix.path())) {
            return new Diagnosis("no socket file there", startFix);
        }
        if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
            return new Diagnosis("no answer within " + timeoutSeconds + "s (--timeout)", startFix);
        }
        String description = e.getStatus().getDescription();
        boolean closed = description != null
                && (description.contains("Network closed") || description.equals("io exception"));
        if (closed && !tls && address instanceof BuildkitAddress.Tcp) {
            return new Diagnosis("the daemon closed the connection without answering (it probably requires TLS)",
                    "give --tlscacert, and --tlscert/--tlskey when the daemon was started with --tlscacert");
        }
        return new Diagnosis(description == null ? code(e) : description, startFix);
    }

    private static Diagnosis tls(String message) {
        if (message.contains("bad_certificate") || message.contains("certificate_required")
                || message.contains("unknown_ca")) {
            return new Diagnosis("the daemon refused our client certificate (TLS alert: " + message + ")",
                    "give --tlscert/--tlskey with a certificate signed by the CA the daemon trusts (its --tlscacert)");
        }
        if (message.contains("No subject alternative") || message.contains("doesn't match")) {
            return new Diagnosis("the daemon's certificate does not name this host (" + message + ")",
                    "use --tlsservername with a name the certificate lists, or an address it was issued for");
        }
        if (message.contains("PKIX") || message.contains("certification path")) {
            return new Diagnosis("the daemon's certificate is not signed by a CA we trust (" + message + ")",
                    "give --tlscacert with the CA that signed the daemon's --tlscert");
        }
        if (message.contains("not an SSL/TLS record")) {
            return new Diagnosis("the daemon does not speak TLS on this port",
                    "drop --tlscacert/--tlscert/--tlskey, or start buildkitd with --tlscert/--tlskey");
        }
        return new Diagnosis("TLS handshake failed (" + message + ")", "check --tlscacert/--tlscert/--tlskey");
    }

    private static String code(StatusRuntimeException e) {
        return e.getStatus().getCode().name();
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
