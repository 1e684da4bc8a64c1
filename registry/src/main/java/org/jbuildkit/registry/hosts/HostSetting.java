package org.jbuildkit.registry.hosts;

/**
 * A boolean key of a {@code [registry."host"]} section that may be absent: upstream's {@code *bool}.
 * Absent is not false: {@code http} unset on a localhost registry means plain HTTP, {@code http = false} means HTTPS.
 */
public enum HostSetting {
    UNSET,
    TRUE,
    FALSE;

    /** {@code null} (key absent) maps to {@link #UNSET}. */
    public static HostSetting of(Boolean value) {
        return value == null ? UNSET : value ? TRUE : FALSE;
    }

    public boolean isTrue() {
        return this == TRUE;
    }

    public boolean isSet() {
        return this != UNSET;
    }
}
