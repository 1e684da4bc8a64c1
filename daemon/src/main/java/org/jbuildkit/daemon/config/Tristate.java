package org.jbuildkit.daemon.config;

import java.util.Optional;

/**
 * A boolean that may be left unset, for the settings upstream keeps as {@code *bool}: an unset
 * {@code http} on a registry is not the same as {@code http = false} (loopback hosts default to
 * plain HTTP only when it is unset), and an unset worker {@code enabled} means "auto".
 */
public enum Tristate {
    UNSET,
    TRUE,
    FALSE;

    public static Tristate of(boolean value) {
        return value ? TRUE : FALSE;
    }

    public boolean isSet() {
        return this != UNSET;
    }

    /** The value if set, {@code fallback} otherwise. */
    public boolean orElse(boolean fallback) {
        return this == UNSET ? fallback : this == TRUE;
    }

    public Optional<Boolean> value() {
        return this == UNSET ? Optional.empty() : Optional.of(this == TRUE);
    }
}
