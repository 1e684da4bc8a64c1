package org.jbuildkit.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

    @Test
    void parsesBearerWithQuotedParameters() {
        var challenges = AuthChallenge.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\"");
        assertThat(challenges).containsExactly(new AuthChallenge("bearer", java.util.Map.of(
                "realm", "https://auth.docker.io/token",
                "service", "registry.docker.io",
                "scope", "repository:library/busybox:pull")));
        assertThat(challenges.get(0).isBearer()).isTrue();
    }

    @Test
    void commasInsideQuotesStayInTheValue() {
        var challenge = AuthChallenge.parse(
                "Bearer realm=\"https://r/token\", scope=\"repository:a:pull,push repository:b:pull\", error=\"insufficient_scope\"")
                .get(0);
        assertThat(challenge.param("scope")).hasValue("repository:a:pull,push repository:b:pull");
        assertThat(challenge.param("error")).hasValue("insufficient_scope");
    }

    @Test
    void splitsSeveralChallengesInOneHeader() {
        var challenges = AuthChallenge.parse("Basic realm=\"Registry Realm\", Bearer realm=\"https://r/t\",service=s");
        assertThat(challenges).extracting(AuthChallenge::scheme).containsExactly("basic", "bearer");
        assertThat(challenges.get(0).param("realm")).hasValue("Registry Realm");
        assertThat(challenges.get(1).param("service")).hasValue("s");
    }

    @Test
    void acceptsUnquotedValuesCaseInsensitiveNamesAndEscapes() {
        var challenge = AuthChallenge.parse("BEARER Realm=https://r:5001/token , Service=my\\service, x=\"a\\\"b\"").get(0);
        assertThat(challenge.isBearer()).isTrue();
        assertThat(challenge.param("realm")).hasValue("https://r:5001/token");
        assertThat(challenge.param("SERVICE")).hasValue("my\\service");
        assertThat(challenge.param("x")).hasValue("a\"b");
    }

    @Test
    void readsEveryHeaderAndSkipsToken68Credentials() {
        var challenges = AuthChallenge.parseAll(List.of("Negotiate abc==", "Basic", "Basic realm=x"));
        assertThat(challenges).extracting(AuthChallenge::scheme).containsExactly("negotiate", "basic", "basic");
        assertThat(challenges.get(0).params()).isEmpty();
        assertThat(challenges.get(2).param("realm")).hasValue("x");
    }

    @Test
    void emptyOrGarbageYieldsNoFailure() {
        assertThat(AuthChallenge.parse("")).isEmpty();
        assertThat(AuthChallenge.parse(null)).isEmpty();
        assertThat(AuthChallenge.parse(", ,")).isEmpty();
    }
}
