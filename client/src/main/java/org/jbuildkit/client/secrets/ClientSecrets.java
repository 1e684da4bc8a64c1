package org.jbuildkit.client.secrets;

import java.util.List;
import org.jbuildkit.session.Session;
import org.jbuildkit.session.secrets.SecretSource;
import org.jbuildkit.session.secrets.SecretsProvider;

/** A build's {@code --secret}s, checked before the build and served over its session only when given. */
public final class ClientSecrets {
    private final List<SecretSource> sources;

    private ClientSecrets(List<SecretSource> sources) {
        this.sources = List.copyOf(sources);
    }

    public static ClientSecrets prepare(List<String> flags) {
        return new ClientSecrets(new SecretFlags(System.getenv()).parse(flags));
    }

    /** Attaches the Secrets service when there is a secret to serve, so the daemon sees only what exists. */
    public void attachTo(Session session) {
        if (!sources.isEmpty()) {
            session.allow(new SecretsProvider(sources));
        }
    }
}
