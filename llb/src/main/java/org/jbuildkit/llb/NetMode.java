package org.jbuildkit.llb;

/** Network of an exec: the worker's sandbox default, the host's network, or an isolated namespace. */
public enum NetMode {
    SANDBOX(org.jbuildkit.api.pb.NetMode.UNSET),
    HOST(org.jbuildkit.api.pb.NetMode.HOST),
    NONE(org.jbuildkit.api.pb.NetMode.NONE);

    private final org.jbuildkit.api.pb.NetMode proto;

    NetMode(org.jbuildkit.api.pb.NetMode proto) {
        this.proto = proto;
    }

    org.jbuildkit.api.pb.NetMode toProto() {
        return proto;
    }
}
