package org.jbuildkit.daemon.exporter.image;

import java.util.function.Function;
import org.jbuildkit.daemon.exporter.ExporterException;
import org.jbuildkit.registry.distribution.RegistryClient;
import org.jbuildkit.registry.reference.ImageReference;

/**
 * Issue 7's push preflight: before the build starts, each repository a {@code push=true} output goes to is checked
 * with the registry client the push will use (its host settings and the client's credentials): reachable, TLS as
 * configured, and push access (a blob upload started and cancelled). A wrong host, port, password or CA fails the
 * request in about a second with the registry module's diagnosis, not after the build.
 */
final class PushPreflight {
    private final Function<String, RegistryClient> clients;

    /** @param clients the registry client for a registry host, as the push will make it */
    PushPreflight(Function<String, RegistryClient> clients) {
        this.clients = clients;
    }

    void check(ImageNames names) throws ExporterException {
        for (ImageReference ref : names.repositories().values()) {
            try {
                clients.apply(ref.registry()).checkPushAccess(ref.registry(), ref.repository());
            } catch (RuntimeException e) {
                throw new ExporterException("cannot push to " + ref.name() + " (checked before building, nothing"
                        + " was built): " + e.getMessage(), e);
            }
        }
    }
}
