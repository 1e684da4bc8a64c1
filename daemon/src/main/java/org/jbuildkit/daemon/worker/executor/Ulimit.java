package org.jbuildkit.daemon.worker.executor;

import java.util.Locale;

/**
 * A resource limit for the container process, by its short name ({@code nofile}, {@code nproc},
 * ...) as in {@code --ulimit}. {@link #UNLIMITED} stands for "unlimited".
 */
public record Ulimit(String name, long soft, long hard) {
    public static final long UNLIMITED = -1;

    public Ulimit {
        name = name.toLowerCase(Locale.ROOT);
        if (!RlimitTable.knows(name)) {
            throw new IllegalArgumentException("unknown ulimit '" + name + "'; known: " + RlimitTable.names());
        }
        if (Long.compareUnsigned(soft, hard) > 0) {
            throw new IllegalArgumentException("ulimit " + name + ": soft limit " + soft + " exceeds hard limit " + hard);
        }
    }
}
