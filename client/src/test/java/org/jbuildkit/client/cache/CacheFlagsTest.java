package org.jbuildkit.client.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheFlagsTest {
    private final List<String> warnings = new ArrayList<>();
    private final CacheFlags flags = new CacheFlags(Map.of(), warnings::add);

    @Test
    void exportGetsModeMinUnlessGiven() {
        assertThat(flags.exports(List.of("type=registry,ref=example.com/foo/bar")))
                .containsExactly(new CacheEntry("registry", Map.of("ref", "example.com/foo/bar", "mode", "min")));
        assertThat(flags.exports(List.of("type=registry,ref=r,mode=max,registry.insecure=true")))
                .containsExactly(new CacheEntry("registry", Map.of("ref", "r", "mode", "max",
                        "registry.insecure", "true")));
        assertThat(warnings).isEmpty();
    }

    @Test
    void importsKeepTheirAttributesAndOrder() {
        assertThat(flags.imports(List.of("type=registry,ref=example.com/foo/bar", "type=local,src=/path/to/store")))
                .containsExactly(new CacheEntry("registry", Map.of("ref", "example.com/foo/bar")),
                        new CacheEntry("local", Map.of("src", "/path/to/store")));
    }

    @Test
    void aValueWithoutTypeIsTheLegacyRegistryRefWithAWarning() {
        assertThat(flags.exports(List.of("example.com/foo/bar")))
                .containsExactly(new CacheEntry("registry", Map.of("ref", "example.com/foo/bar", "mode", "min")));
        assertThat(flags.imports(List.of("example.com/foo/bar", "example.com/baz/qux")))
                .containsExactly(new CacheEntry("registry", Map.of("ref", "example.com/foo/bar")),
                        new CacheEntry("registry", Map.of("ref", "example.com/baz/qux")));
        assertThat(warnings).hasSize(3).allMatch(w -> w.contains("is deprecated")
                && w.contains("type=registry,ref=<ref>"));
    }

    @Test
    void keysAreLowerCasedValuesKeptAndQuotesHonoured() {
        assertThat(flags.exports(List.of("type=local,Dest=/Tmp/X,\"TAG=a,b\"")))
                .containsExactly(new CacheEntry("local", Map.of("dest", "/Tmp/X", "tag", "a,b", "mode", "min")));
    }

    @Test
    void theLegacyTestIsUpstreamsCaseSensitiveSubstring() {
        assertThat(flags.imports(List.of("TYPE=local,src=d")))
                .containsExactly(new CacheEntry("registry", Map.of("ref", "TYPE=local,src=d")));
        assertThat(flags.imports(List.of("src=d,type=local")))
                .containsExactly(new CacheEntry("local", Map.of("src", "d")));
    }

    @Test
    void aFieldWithoutEqualsIsAnError() {
        assertThatThrownBy(() -> flags.exports(List.of("type=registry,ref=r,push")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid value push in --export-cache")
                .hasMessageContaining("key=value");
    }

    @Test
    void anEmptyTypeIsAnError() {
        assertThatThrownBy(() -> flags.imports(List.of("type=,ref=r")))
                .hasMessageStartingWith("--import-cache requires type=<type>")
                .hasMessageContaining("type=local,src=DIR");
        assertThatThrownBy(() -> flags.exports(List.of("type=")))
                .hasMessageStartingWith("--export-cache requires type=<type>")
                .hasMessageContaining("type=local,dest=DIR");
    }

    @Test
    void ghaTakesUrlAndTokenFromTheEnvironment() {
        CacheFlags actions = new CacheFlags(Map.of("ACTIONS_CACHE_URL", "https://github.com/test",
                "ACTIONS_RESULTS_URL", "https://github.com/testv2", "ACTIONS_RUNTIME_TOKEN", "tok",
                "ACTIONS_CACHE_SERVICE_V2", "1"), warnings::add);
        assertThat(actions.imports(List.of("type=gha,url=https://foo.bar,token=foo")))
                .containsExactly(new CacheEntry("gha", Map.of("url", "https://foo.bar",
                        "url_v2", "https://github.com/testv2", "token", "foo")));
        assertThat(actions.imports(List.of("type=gha")))
                .containsExactly(new CacheEntry("gha", Map.of("url", "https://github.com/test",
                        "url_v2", "https://github.com/testv2", "token", "tok")));
        assertThatThrownBy(() -> flags.imports(List.of("type=gha,url=https://foo.bar")))
                .hasMessageContaining("requires token parameter or $ACTIONS_RUNTIME_TOKEN");
        assertThatThrownBy(() -> flags.exports(List.of("type=gha,token=t")))
                .hasMessageContaining("requires url parameter");
    }
}
