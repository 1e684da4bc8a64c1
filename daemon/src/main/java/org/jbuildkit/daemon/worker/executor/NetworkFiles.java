package org.jbuildkit.daemon.worker.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The /etc/hosts and /etc/resolv.conf each exec gets (upstream's {@code GetHostsFile} and
 * {@code GetResolvConf}), written into its bundle and bound in read-only so the rootfs is untouched.
 */
final class NetworkFiles {
    private NetworkFiles() {
    }

    static String hosts(String hostname, List<ExtraHost> extraHosts) {
        StringBuilder sb = new StringBuilder();
        sb.append("127.0.0.1\tlocalhost ").append(hostname).append('\n');
        sb.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
        for (ExtraHost h : extraHosts) {
            sb.append(h.ip().getHostAddress()).append('\t').append(h.host()).append('\n');
        }
        return sb.toString();
    }

    /**
     * The host's resolv.conf; in an isolated network namespace loopback nameservers (a local
     * resolver such as systemd-resolved's 127.0.0.53) would point at the container itself, so they go.
     */
    static String resolvConf(Path hostResolvConf, NetworkMode network) throws IOException {
        if (!Files.isReadable(hostResolvConf)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(hostResolvConf)) {
            if (network != NetworkMode.HOST && isLoopbackNameserver(line)) {
                continue;
            }
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    private static boolean isLoopbackNameserver(String line) {
        String[] f = line.trim().split("\\s+");
        return f.length >= 2 && f[0].equals("nameserver") && (f[1].startsWith("127.") || f[1].equals("::1"));
    }
}
