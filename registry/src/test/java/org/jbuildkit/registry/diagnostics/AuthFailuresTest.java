package org.jbuildkit.registry.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jbuildkit.registry.hosts.RegistryHosts;
import org.junit.jupiter.api.Test;

class AuthFailuresTest {

    @Test
    void unauthorizedNamesCredentialsSourceAndScopeButNoSecret() {
        var endpoint = RegistryHosts.defaults().origin("registry.example.com:5000");
        var e = AuthFailures.of(endpoint, "https", "pushing to", 401, "https://auth.example.com/token",
                "repository:dev/test:pull,push",
                new AuthFailures.CredentialsTried("user \"alice\" (password)",
                        "~/.docker/config.json auths[\"registry.example.com:5000\"]"),
                Side.CLIENT);
        assertEquals(Phase.AUTH, e.phase());
        assertEquals(Diagnosis.Kind.UNAUTHORIZED, e.kind());
        assertTrue(e.getMessage().startsWith("pushing to registry.example.com:5000: client, AUTH phase:"
                + " https://auth.example.com/token answered 401 Unauthorized to user \"alice\" (password) from"
                + " ~/.docker/config.json auths[\"registry.example.com:5000\"] for scope repository:dev/test:pull,push."),
                e.getMessage());
        assertTrue(e.getMessage().contains("docker login registry.example.com:5000"), e.getMessage());
        assertEquals(Side.DAEMON, e.withSide(Side.DAEMON).side());
    }

    @Test
    void forbiddenSaysTheCredentialsLackPermission() {
        var endpoint = RegistryHosts.defaults().origin("registry.example.com");
        var e = AuthFailures.of(endpoint, "https", "pushing to", 403, "https://registry.example.com/v2/",
                "repository:dev/test:push", AuthFailures.CredentialsTried.anonymous(), Side.DAEMON);
        assertEquals(Diagnosis.Kind.FORBIDDEN, e.kind());
        assertTrue(e.getMessage().contains("not allowed repository:dev/test:push"), e.getMessage());
        assertTrue(e.getMessage().contains("no [registry.\"registry.example.com\"] section"), e.getMessage());
    }

    @Test
    void kubernetesServiceNamesAreRecognised() {
        assertTrue(Diagnoses.looksLikeKubernetesService("registry"));
        assertTrue(Diagnoses.looksLikeKubernetesService("registry.dev.svc.cluster.local"));
        assertTrue(Diagnoses.looksLikeKubernetesService("registry.dev.svc"));
        assertFalse(Diagnoses.looksLikeKubernetesService("localhost"));
        assertFalse(Diagnoses.looksLikeKubernetesService("192.168.0.110"));
        assertFalse(Diagnoses.looksLikeKubernetesService("registry.example.com"));
    }
}
