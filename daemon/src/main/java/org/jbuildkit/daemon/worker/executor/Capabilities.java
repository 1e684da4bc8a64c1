package org.jbuildkit.daemon.worker.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Linux capability names, the default set a sandboxed step gets (containerd's, which upstream
 * uses) and the daemon's own permitted set: a container can never be given a capability the daemon
 * lacks (runc's capset would fail), which matters here because there is no CAP_SYS_RESOURCE.
 */
final class Capabilities {
    /** Indexed by capability number (linux/capability.h). */
    private static final List<String> ALL = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
            "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
            "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
            "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
            "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    static final List<String> DEFAULT = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
            "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
            "CAP_AUDIT_WRITE");

    private final long permitted;

    private Capabilities(long permitted) {
        this.permitted = permitted;
    }

    static Capabilities ofDaemon() throws IOException {
        return parseStatus(Files.readAllLines(Path.of("/proc/self/status")));
    }

    static Capabilities parseStatus(List<String> status) {
        for (String line : status) {
            if (line.startsWith("CapPrm:")) {
                return new Capabilities(Long.parseUnsignedLong(line.substring(7).trim(), 16));
            }
        }
        throw new IllegalArgumentException("no CapPrm line in /proc/self/status");
    }

    /** The default set, minus anything the daemon itself does not hold. */
    List<String> sandbox() {
        return DEFAULT.stream().filter(this::held).toList();
    }

    /** Every capability the daemon holds ({@code security.insecure}). */
    List<String> insecure() {
        return ALL.stream().filter(this::held).toList();
    }

    private boolean held(String cap) {
        int bit = ALL.indexOf(cap);
        return bit >= 0 && (permitted & (1L << bit)) != 0;
    }
}
