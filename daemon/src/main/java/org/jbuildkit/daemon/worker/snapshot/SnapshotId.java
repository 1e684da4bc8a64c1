package org.jbuildkit.daemon.worker.snapshot;

import java.util.regex.Pattern;

/** The id of a snapshot on disk: its directory name under {@code <root>/snapshots/}. */
public record SnapshotId(String value) {
    private static final Pattern VALID = Pattern.compile("[0-9]{1,18}");

    public SnapshotId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid snapshot id '" + value + "': expected a decimal number");
        }
    }

    static SnapshotId of(long number) {
        return new SnapshotId(Long.toString(number));
    }

    long number() {
        return Long.parseLong(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
