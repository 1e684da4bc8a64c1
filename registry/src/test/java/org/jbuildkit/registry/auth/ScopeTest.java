package org.jbuildkit.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeTest {

    @Test
    void rendersAsTheTokenSpecificationWrites() {
        assertThat(Scope.pull("library/busybox").render()).isEqualTo("repository:library/busybox:pull");
        assertThat(Scope.push("library/busybox").render()).isEqualTo("repository:library/busybox:pull,push");
        assertThat(Scope.push("a").toString()).isEqualTo("repository:a:pull,push");
    }

    @Test
    void parsesNamesWithColonsAndSeveralScopes() {
        assertThat(Scope.parse("repository:host:5000/x:pull")).isEqualTo(new Scope("host:5000/x", List.of("pull")));
        assertThat(Scope.parseAll("repository:a:pull registry:catalog:* repository:b:pull,push"))
                .containsExactly(Scope.pull("a"), Scope.push("b"));
    }

    @Test
    void normalizeMergesActionsPerRepositoryAndSorts() {
        assertThat(Scope.normalize(List.of(Scope.pull("b"), new Scope("a", List.of("push")), Scope.pull("a"))))
                .containsExactly(Scope.push("a"), Scope.pull("b"));
    }

    @Test
    void rejectsMalformedScopes() {
        assertThatThrownBy(() -> new Scope("a b", List.of("pull"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Scope("a", List.of())).hasMessageContaining("at least one action");
        assertThatThrownBy(() -> Scope.parse("registry:catalog:*")).hasMessageContaining("not a repository scope");
    }
}
