package org.jbuildkit.daemon.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signing and verification of GitHub Actions cache entries: {@code [cache.gha.*]} as upstream
 * reads it ({@code [ghacache.*]}, the spelling in upstream's docs, is accepted too).
 *
 * @param signCommand command that reads the payload on stdin and writes the signature; empty = no signing
 * @param verifyRequired reject unsigned or unverifiable entries
 * @param certificate signer certificate properties that must match (simple {@code *} wildcards),
 *     keyed by their upstream names: certificateIssuer, subjectAlternativeName, buildSignerURI, …
 */
public record GhaCacheConfig(
        List<String> signCommand,
        boolean verifyRequired,
        long timestampThreshold,
        long tlogThreshold,
        Map<String, String> certificate) {

    /** Certificate properties the verify policy may constrain (sigstore's certificate summary). */
    public static final List<String> CERTIFICATE_PROPERTIES = List.of(
            "certificateIssuer", "subjectAlternativeName", "issuer", "githubWorkflowTrigger", "githubWorkflowSHA",
            "githubWorkflowName", "githubWorkflowRepository", "githubWorkflowRef", "buildSignerURI",
            "buildSignerDigest", "runnerEnvironment", "sourceRepositoryURI", "sourceRepositoryDigest",
            "sourceRepositoryRef", "sourceRepositoryIdentifier", "sourceRepositoryOwnerURI",
            "sourceRepositoryOwnerIdentifier", "buildConfigURI", "buildConfigDigest", "buildTrigger",
            "runInvocationURI", "sourceRepositoryVisibilityAtSigning");

    public GhaCacheConfig {
        signCommand = List.copyOf(signCommand);
        certificate = Collections.unmodifiableMap(new LinkedHashMap<>(certificate));
    }
}
