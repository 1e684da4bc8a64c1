package org.jbuildkit.registry.diagnostics;

import java.util.Objects;

/**
 * What went wrong reaching a registry and how to fix it: {@link #peer} is what the other end did
 * ("https://h:5000/v2/ answered in plain HTTP"), {@link #problem} the one-line cause, {@link #fix} the one-line
 * remedy, usually a {@code buildkitd.toml} snippet or a flag.
 */
public record Diagnosis(Kind kind, Phase phase, String peer, String problem, String fix) {

    /** The failures we can tell apart; {@link #OK} when the probe found nothing wrong. */
    public enum Kind {
        OK,
        CONFIG_ERROR,
        DNS_FAILURE,
        CONNECTION_REFUSED,
        CONNECT_TIMEOUT,
        /** HTTPS spoken, the port answered in plain HTTP. */
        PLAIN_HTTP_ON_HTTPS,
        /** Plain HTTP spoken, the port wants TLS. */
        HTTP_TO_HTTPS_PORT,
        UNKNOWN_AUTHORITY,
        SNI_REJECTED,
        NAME_MISMATCH,
        COMMON_NAME_ONLY,
        CLIENT_CERTIFICATE_REJECTED,
        TLS_FAILURE,
        CONNECTION_CLOSED,
        HTTP_ERROR,
        UNAUTHORIZED,
        FORBIDDEN
    }

    public Diagnosis {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(fix, "fix");
    }

    public boolean ok() {
        return kind == Kind.OK;
    }
}
