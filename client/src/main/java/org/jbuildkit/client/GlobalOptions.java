package org.jbuildkit.client;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jbuildkit.api.BuildkitAddress;
import org.jbuildkit.client.connection.DaemonConnection;
import org.jbuildkit.client.connection.TlsOptions;
import picocli.CommandLine.Option;

/** The options upstream buildctl takes before its subcommand. */
public final class GlobalOptions {
    static final String ROOTFUL_ADDRESS = "unix:///run/buildkit/buildkitd.sock";

    @Option(names = "--debug", description = "enable debug output in logs (and stack traces on errors)")
    boolean debug;

    @Option(names = "--addr", paramLabel = "value",
            description = "buildkitd address (default: $BUILDKIT_HOST or " + ROOTFUL_ADDRESS + ")")
    String addr;

    @Option(names = "--tlsservername", paramLabel = "value",
            description = "buildkitd server name for certificate validation")
    String tlsServerName;

    @Option(names = "--tlscacert", paramLabel = "value", description = "CA certificate for validation")
    Path tlsCaCert;

    @Option(names = "--tlscert", paramLabel = "value", description = "client certificate")
    Path tlsCert;

    @Option(names = "--tlskey", paramLabel = "value", description = "client key")
    Path tlsKey;

    @Option(names = "--tlsdir", paramLabel = "value",
            description = "directory containing CA certificate, client certificate, and client key")
    Path tlsDir;

    @Option(names = "--timeout", paramLabel = "value", defaultValue = "5",
            description = "timeout backend connection after value seconds (default: 5)")
    int timeoutSeconds;

    /** The address to dial: --addr, else $BUILDKIT_HOST, else the default socket. */
    public String effectiveAddress() {
        if (addr != null && !addr.isEmpty()) {
            return addr;
        }
        String env = System.getenv("BUILDKIT_HOST");
        if (env != null && !env.isEmpty()) {
            return env;
        }
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        if (runtimeDir != null && !Files.exists(Path.of("/run/buildkit/buildkitd.sock"))) {
            Path rootless = Path.of(runtimeDir, "buildkit", "buildkitd.sock");
            if (Files.exists(rootless)) {
                return "unix://" + rootless;
            }
        }
        return ROOTFUL_ADDRESS;
    }

    public TlsOptions tls() {
        Path ca = tlsCaCert;
        Path cert = tlsCert;
        Path key = tlsKey;
        if (tlsDir != null) {
            ca = ca != null ? ca : tlsDir.resolve("ca.pem");
            cert = cert != null ? cert : tlsDir.resolve("cert.pem");
            key = key != null ? key : tlsDir.resolve("key.pem");
        }
        return new TlsOptions(tlsServerName, ca, cert, key);
    }

    public DaemonConnection connect() {
        return DaemonConnection.open(BuildkitAddress.parse(effectiveAddress()), tls(), timeoutSeconds);
    }

    public int timeoutSeconds() {
        return timeoutSeconds;
    }
}
