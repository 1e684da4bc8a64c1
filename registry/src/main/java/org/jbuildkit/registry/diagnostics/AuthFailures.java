package org.jbuildkit.registry.diagnostics;

import java.util.Objects;
import org.jbuildkit.registry.hosts.RegistryEndpoint;

/** 401 and 403 from a registry or its token server, explained with the credentials that were tried. */
public final class AuthFailures {

    private AuthFailures() {}

    /**
     * What was presented, never the secret itself.
     *
     * @param description e.g. {@code user "alice" (password)}, {@code identity token}, {@code anonymous}
     * @param source      e.g. {@code ~/.docker/config.json auths["127.0.0.1:5000"]}, {@code docker-credential-pass}
     */
    public record CredentialsTried(String description, String source) {
        public CredentialsTried {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(source, "source");
        }

        public static CredentialsTried anonymous() {
            return new CredentialsTried("no credentials (anonymous)", "no entry in the client's docker config");
        }
    }

    /**
     * @param status      401 or 403
     * @param url         the URL that answered (registry or token realm)
     * @param scope       the token scope asked for, e.g. {@code repository:dev/test:pull,push}
     * @param side        who asked: the daemon, or the client fetching a token for the session
     */
    public static RegistryException of(RegistryEndpoint endpoint, String scheme, String action, int status, String url,
            String scope, CredentialsTried credentials, Side side) {
        boolean unauthorized = status == 401;
        String peer = url + " answered " + status + (unauthorized ? " Unauthorized" : " Forbidden") + " to "
                + credentials.description() + " from " + credentials.source() + " for scope " + scope;
        String problem = unauthorized
                ? (credentials.description().contains("anonymous") ? "the registry needs credentials and none were found"
                        : "the registry rejected these credentials")
                : "the credentials are valid but not allowed " + scope;
        String fix = unauthorized
                ? "run `docker login " + endpoint.sectionKey() + "` on the client machine (credentials come from the"
                        + " client's ~/.docker/config.json, not the daemon's)"
                : "grant the user access to the repository in " + scope + " on the registry, or check the repository"
                        + " name in the image reference";
        var diagnosis = new Diagnosis(unauthorized ? Diagnosis.Kind.UNAUTHORIZED : Diagnosis.Kind.FORBIDDEN, Phase.AUTH,
                peer, problem, fix);
        return new RegistryException(action, endpoint.host(), endpoint.hostName(), endpoint.port(scheme), scheme, side,
                endpoint.describeSettings(), diagnosis, null);
    }
}
