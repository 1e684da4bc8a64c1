package org.jbuildkit.llb;

/** Security of an exec: sandboxed, or insecure (all capabilities; requires the daemon's entitlement). */
public enum SecurityMode {
    SANDBOX(org.jbuildkit.api.pb.SecurityMode.SANDBOX),
    INSECURE(org.jbuildkit.api.pb.SecurityMode.INSECURE);

    private final org.jbuildkit.api.pb.SecurityMode proto;

    SecurityMode(org.jbuildkit.api.pb.SecurityMode proto) {
        this.proto = proto;
    }

    org.jbuildkit.api.pb.SecurityMode toProto() {
        return proto;
    }
}
