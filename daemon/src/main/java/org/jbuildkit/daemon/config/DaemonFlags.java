package org.jbuildkit.daemon.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code buildkitd} command-line flags that override {@code buildkitd.toml}. A {@code null}
 * component or an empty list means "flag not given"; given flags beat the file, which beats the
 * defaults.
 *
 * @param config {@code --config}: a missing file named here is an error (unlike the default path)
 * @param root {@code --root}
 * @param addrs {@code --addr} (repeatable), replaces {@code [grpc] address}
 * @param group {@code --group}: group name or numeric gid owning the unix sockets
 * @param debug {@code --debug}: when true, sets {@code [log] level = "debug"}
 * @param tlsCert {@code --tlscert}
 * @param tlsKey {@code --tlskey}
 * @param tlsCaCert {@code --tlscacert}
 * @param ociWorker {@code --oci-worker} (true/false; "auto" is the same as not giving it)
 * @param ociWorkerBinary {@code --oci-worker-binary}
 * @param ociWorkerSnapshotter {@code --oci-worker-snapshotter}
 * @param ociWorkerNoProcessSandbox {@code --oci-worker-no-process-sandbox}
 * @param ociWorkerPlatforms {@code --oci-worker-platform} (repeatable)
 * @param allowInsecureEntitlements {@code --allow-insecure-entitlement} (repeatable), replaces the file's list
 */
public record DaemonFlags(
        Path config,
        Path root,
        List<String> addrs,
        String group,
        Boolean debug,
        Path tlsCert,
        Path tlsKey,
        Path tlsCaCert,
        Boolean ociWorker,
        String ociWorkerBinary,
        String ociWorkerSnapshotter,
        Boolean ociWorkerNoProcessSandbox,
        List<String> ociWorkerPlatforms,
        List<String> allowInsecureEntitlements) {

    public DaemonFlags {
        addrs = addrs == null ? List.of() : List.copyOf(addrs);
        ociWorkerPlatforms = ociWorkerPlatforms == null ? List.of() : List.copyOf(ociWorkerPlatforms);
        allowInsecureEntitlements = allowInsecureEntitlements == null ? List.of() : List.copyOf(allowInsecureEntitlements);
    }

    /** No flags given. */
    public static DaemonFlags none() {
        return new DaemonFlags(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
