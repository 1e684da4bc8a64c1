package org.jbuildkit.daemon.worker.metadata;

/** What a cache record holds, as upstream's {@code client.UsageRecordType}; GC policies filter on it. */
public enum RecordType {
    REGULAR("regular"),
    LOCAL_SOURCE("source.local"),
    CACHE_MOUNT("exec.cachemount"),
    GIT_CHECKOUT("source.git.checkout"),
    FRONTEND("frontend"),
    INTERNAL("internal");

    private final String value;

    RecordType(String value) {
        this.value = value;
    }

    /** The wire and filter spelling, e.g. {@code exec.cachemount}. */
    public String value() {
        return value;
    }

    /** Parses the wire spelling; an empty string is {@code regular}, as upstream treats unset types. */
    public static RecordType parse(String text) {
        if (text == null || text.isEmpty()) {
            return REGULAR;
        }
        for (RecordType type : values()) {
            if (type.value.equals(text)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown cache record type '" + text
                + "': use regular, source.local, exec.cachemount, source.git.checkout, frontend or internal");
    }

    @Override
    public String toString() {
        return value;
    }
}
