package org.jbuildkit.daemon.config;

import java.util.List;

/**
 * {@code [grpc]}: where the daemon listens.
 *
 * @param addresses listen addresses, {@code unix://…}, {@code tcp://host:port} or {@code fd://…}
 * @param debugAddress address for the debug/profiling HTTP handlers; empty = off
 * @param uid owner of unix sockets
 * @param gid group of unix sockets
 * @param securityDescriptor Windows named-pipe ACL (accepted for compatibility; unused on Linux)
 */
public record GrpcConfig(
        List<String> addresses,
        String debugAddress,
        int uid,
        int gid,
        String securityDescriptor,
        GrpcTlsConfig tls) {

    public GrpcConfig {
        addresses = List.copyOf(addresses);
    }

    GrpcConfig withAddresses(List<String> newAddresses) {
        return new GrpcConfig(newAddresses, debugAddress, uid, gid, securityDescriptor, tls);
    }

    GrpcConfig withGid(int newGid) {
        return new GrpcConfig(addresses, debugAddress, uid, newGid, securityDescriptor, tls);
    }

    GrpcConfig withTls(GrpcTlsConfig newTls) {
        return new GrpcConfig(addresses, debugAddress, uid, gid, securityDescriptor, newTls);
    }
}
