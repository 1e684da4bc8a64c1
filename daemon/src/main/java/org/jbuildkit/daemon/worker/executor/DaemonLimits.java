package org.jbuildkit.daemon.worker.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's own rlimits, read from /proc/self/limits. Containers get exactly these unless a
 * ulimit asks otherwise, because without CAP_SYS_RESOURCE runc cannot set anything above the hard
 * limits it inherits (it fails with "error setting rlimits ... operation not permitted").
 */
final class DaemonLimits {
    private final Map<String, Ulimit> limits;

    private DaemonLimits(Map<String, Ulimit> limits) {
        this.limits = limits;
    }

    static DaemonLimits read() throws IOException {
        return parse(Files.readAllLines(Path.of("/proc/self/limits")));
    }

    static DaemonLimits parse(List<String> lines) {
        Map<String, Ulimit> limits = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : RlimitTable.titles().entrySet()) {
            for (String line : lines) {
                if (line.startsWith(e.getValue() + " ")) {
                    String[] cols = line.substring(e.getValue().length()).trim().split("\\s+");
                    limits.put(e.getKey(), new Ulimit(e.getKey(), value(cols[0]), value(cols[1])));
                }
            }
        }
        return new DaemonLimits(limits);
    }

    private static long value(String s) {
        return s.equals("unlimited") ? Ulimit.UNLIMITED : Long.parseLong(s);
    }

    /** The daemon's limits overridden by {@code requested}, each checked against the daemon's hard limit. */
    List<Ulimit> forContainer(List<Ulimit> requested) throws ExecutorException {
        Map<String, Ulimit> result = new LinkedHashMap<>(limits);
        for (Ulimit u : requested) {
            Ulimit own = limits.get(u.name());
            if (own != null && Long.compareUnsigned(u.hard(), own.hard()) > 0) {
                throw new ExecutorException("ulimit " + u.name() + " asks for a hard limit of " + show(u.hard())
                        + " but the daemon's own hard limit is " + show(own.hard())
                        + " and it cannot raise it (no CAP_SYS_RESOURCE)",
                        "lower the --ulimit " + u.name() + " value, or start buildkitd with a higher hard limit"
                                + " (ulimit -H" + (u.name().equals("nofile") ? "n" : "") + ")");
            }
            result.put(u.name(), u);
        }
        return new ArrayList<>(result.values());
    }

    private static String show(long v) {
        return v == Ulimit.UNLIMITED ? "unlimited" : Long.toUnsignedString(v);
    }
}
