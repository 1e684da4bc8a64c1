package org.jbuildkit.registry.auth;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * One token a registry asked for in its {@code Bearer} challenge: for which registry host, from
 * which realm, for which service and scopes (normalized, so their order does not matter).
 */
public record TokenRequest(String host, URI realm, String service, List<Scope> scopes) {

    public TokenRequest {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(realm, "realm");
        service = service == null ? "" : service;
        scopes = Scope.normalize(scopes);
    }
}
