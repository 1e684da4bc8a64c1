package org.jbuildkit.dockerfile.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.jbuildkit.dockerfile.ConvertOptions;
import org.jbuildkit.llb.ImageOptions;
import org.jbuildkit.llb.NetMode;
import org.jbuildkit.llb.Platform;
import org.jbuildkit.llb.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The frontend attributes as upstream reads them, and the messages for values it cannot use. */
class FrontendOptionsTest {

    private static FrontendOptions parse(Map<String, String> attrs) throws FrontendOptions.InvalidOptionException {
        return FrontendOptions.parse(new ConvertOptions("Dockerfile", attrs, List.of(), Platform.LINUX_AMD64, "s"));
    }

    @Test
    void prefixedKeysAreCollected() throws Exception {
        FrontendOptions o = parse(Map.of("build-arg:A", "1", "label:l", "v", "context:base", "local:base",
                "target", "t", "hostname", "h"));
        assertThat(o.buildArgs()).containsEntry("A", "1");
        assertThat(o.labels()).containsEntry("l", "v");
        assertThat(o.namedContexts()).containsEntry("base", "local:base");
        assertThat(o.target()).isEqualTo("t");
        assertThat(o.hostname()).isEqualTo("h");
        assertThat(o.ignoreCache()).isNull();
        assertThat(o.implicitTargetPlatform()).isTrue();
    }

    @Test
    void noCacheIsAllStagesWhenEmptyElseTheNamedOnes() throws Exception {
        assertThat(parse(Map.of("no-cache", "")).ignoreCache()).isEmpty();
        assertThat(parse(Map.of("no-cache", "a,b")).ignoreCache()).containsExactly("a", "b");
    }

    @Test
    void addHostsAreHostIpPairs() throws Exception {
        assertThat(parse(Map.of("add-hosts", "db=10.0.0.5,web:::1")).extraHosts())
                .containsExactly(new Run.HostIp("db", "10.0.0.5"), new Run.HostIp("web", "::1"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "add-hosts|db|invalid key-value pair \"db\" in add-hosts",
        "add-hosts|db=not-an-ip|invalid IP address \"not-an-ip\"",
        "image-resolve-mode|sometimes|invalid image-resolve-mode: sometimes (use default, pull or local)",
        "force-network-mode|bridge|invalid netmode bridge for force-network-mode",
        "platform|linux/amd64,linux/arm64|multi-platform builds are not supported yet",
        "platform|linux/amd64/v2/x|invalid --opt platform=linux/amd64/v2/x"})
    void unusableValuesNameTheOption(String key, String value, String message) {
        assertThatThrownBy(() -> parse(Map.of(key, value))).hasMessageContaining(message);
    }

    @Test
    void modesAndPlatformAreTyped() throws Exception {
        FrontendOptions o = parse(Map.of("image-resolve-mode", "pull", "force-network-mode", "none",
                "platform", "linux/aarch64"));
        assertThat(o.resolveMode()).isEqualTo(ImageOptions.ResolveMode.PULL);
        assertThat(o.forceNetwork()).isEqualTo(NetMode.NONE);
        assertThat(o.targetPlatform()).isEqualTo(new Platform("linux", "arm64", ""));
    }

    @Test
    void followPathsAreRelativeSortedAndAbsentForTheWholeContext() {
        assertThat(DockerfileToLlb.followPaths(new java.util.LinkedHashSet<>(List.of("/b", "/a/c", "/*.txt"))))
                .containsExactly("*.txt", "a/c", "b");
        assertThat(DockerfileToLlb.followPaths(java.util.Set.of("/a", "/"))).isNull();
    }

}
