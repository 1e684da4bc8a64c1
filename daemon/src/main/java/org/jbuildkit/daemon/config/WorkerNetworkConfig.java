package org.jbuildkit.daemon.config;

/**
 * A worker's network settings for {@code RUN} steps (keys sit directly in the worker's section).
 *
 * @param mode {@code networkMode}: auto, host, cni or bridge
 * @param cniPoolSize pre-created network namespaces kept ready; 0 = none
 */
public record WorkerNetworkConfig(
        String mode,
        String cniConfigPath,
        String cniBinaryPath,
        int cniPoolSize,
        String bridgeName,
        String bridgeSubnet) {
}
