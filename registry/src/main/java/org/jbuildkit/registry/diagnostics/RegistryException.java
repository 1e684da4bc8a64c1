package org.jbuildkit.registry.diagnostics;

import java.util.Objects;

/**
 * A registry request that failed, with everything needed to fix it: the host as named in the image reference,
 * the address, port and scheme actually dialled, the phase, which side made the request, what the peer did, the
 * settings applied to the host, and a one-line problem and fix. The message is one line:
 * <pre>
 * pushing to 127.0.0.1:5000: daemon, TLS phase: https://127.0.0.1:5000/v2/ answered in plain HTTP. Fix: the
 * registry speaks plain HTTP; add [registry."127.0.0.1:5000"] http = true to buildkitd.toml (or
 * registry.insecure=true on the output). [dialled 127.0.0.1:5000 over https; no [registry."127.0.0.1:5000"] section]
 * </pre>
 */
public final class RegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String action;
    private final String host;
    private final String address;
    private final int port;
    private final String scheme;
    private final Side side;
    private final String settings;
    private final transient Diagnosis diagnosis;

    /**
     * @param action   what was being done, e.g. "pushing to", "pulling from", "probing"
     * @param host     the registry as named by the user ({@code 127.0.0.1:5000}, {@code docker.io})
     * @param address  the address dialled (an IP once resolved, else the name); may equal the host name
     * @param port     the port dialled, or 0 when nothing was dialled
     * @param scheme   {@code https} or {@code http}, or empty when nothing was dialled
     * @param settings the applied settings, e.g. from {@code RegistryHostConfig.describe}
     */
    public RegistryException(String action, String host, String address, int port, String scheme, Side side,
            String settings, Diagnosis diagnosis, Throwable cause) {
        super(null, cause);
        this.action = Objects.requireNonNull(action, "action");
        this.host = Objects.requireNonNull(host, "host");
        this.address = address == null ? "" : address;
        this.port = port;
        this.scheme = scheme == null ? "" : scheme;
        this.side = Objects.requireNonNull(side, "side");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.diagnosis = Objects.requireNonNull(diagnosis, "diagnosis");
    }

    /** The same failure, seen from {@code side} (the client sets {@link Side#CLIENT} for token fetches). */
    public RegistryException withSide(Side newSide) {
        return new RegistryException(action, host, address, port, scheme, newSide, settings, diagnosis, getCause());
    }

    /** The same failure, described as part of {@code newAction} ("pushing to", "resolving"). */
    public RegistryException withAction(String newAction) {
        return new RegistryException(newAction, host, address, port, scheme, side, settings, diagnosis, getCause());
    }

    @Override
    public String getMessage() {
        var out = new StringBuilder();
        out.append(action).append(' ').append(host).append(": ").append(side.label()).append(", ")
                .append(diagnosis.phase()).append(" phase: ").append(diagnosis.peer()).append(". Fix: ")
                .append(diagnosis.problem()).append("; ").append(diagnosis.fix());
        if (!diagnosis.fix().endsWith(".")) {
            out.append('.');
        }
        out.append(" [");
        if (port > 0) {
            out.append("dialled ").append(address).append(':').append(port).append(" over ").append(scheme)
                    .append("; ");
        }
        return out.append(settings).append(']').toString();
    }

    public String action() {
        return action;
    }

    public String host() {
        return host;
    }

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    public String scheme() {
        return scheme;
    }

    public Side side() {
        return side;
    }

    public String settings() {
        return settings;
    }

    public Diagnosis diagnosis() {
        return diagnosis;
    }

    public Phase phase() {
        return diagnosis.phase();
    }

    public Diagnosis.Kind kind() {
        return diagnosis.kind();
    }

    public String peer() {
        return diagnosis.peer();
    }

    public String problem() {
        return diagnosis.problem();
    }

    public String fix() {
        return diagnosis.fix();
    }
}
