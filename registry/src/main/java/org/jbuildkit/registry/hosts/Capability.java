package org.jbuildkit.registry.hosts;

/** What an endpoint may be used for; mirrors serve pulls and resolves only (upstream's {@code HostCapability}). */
public enum Capability {
    PULL,
    RESOLVE,
    PUSH
}
