package org.jbuildkit.llb;

import org.jbuildkit.api.pb.CacheSharingOpt;

/** How concurrent builds share a cache mount: all at once, a private copy each, or one at a time. */
public enum CacheSharing {
    SHARED(CacheSharingOpt.SHARED),
    PRIVATE(CacheSharingOpt.PRIVATE),
    LOCKED(CacheSharingOpt.LOCKED);

    private final CacheSharingOpt proto;

    CacheSharing(CacheSharingOpt proto) {
        this.proto = proto;
    }

    CacheSharingOpt toProto() {
        return proto;
    }
}
