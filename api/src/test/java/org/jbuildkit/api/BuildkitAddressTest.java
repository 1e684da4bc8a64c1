package org.jbuildkit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BuildkitAddressTest {

    @Test
    void unixAddressesKeepTheirPath() {
        assertThat(BuildkitAddress.parse("unix:///run/buildkit/buildkitd.sock"))
                .isEqualTo(new BuildkitAddress.Unix(Path.of("/run/buildkit/buildkitd.sock")));
    }

    @Test
    void tcpAddressesSplitHostAndPort() {
        assertThat(BuildkitAddress.parse("tcp://127.0.0.1:1234")).isEqualTo(new BuildkitAddress.Tcp("127.0.0.1", 1234));
        assertThat(BuildkitAddress.parse("tcp://buildkitd:1234")).isEqualTo(new BuildkitAddress.Tcp("buildkitd", 1234));
        assertThat(BuildkitAddress.parse("tcp://[::1]:1234")).isEqualTo(new BuildkitAddress.Tcp("::1", 1234));
        assertThat(BuildkitAddress.parse("tcp://:1234")).isEqualTo(new BuildkitAddress.Tcp("0.0.0.0", 1234));
        assertThat(new BuildkitAddress.Tcp("::1", 1234).authority()).isEqualTo("[::1]:1234");
    }

    @Test
    void mistakesAreExplained() {
        assertThatThrownBy(() -> BuildkitAddress.parse("127.0.0.1:1234"))
                .hasMessageContaining("has no scheme").hasMessageContaining("tcp://host:port");
        assertThatThrownBy(() -> BuildkitAddress.parse("tcp://buildkitd"))
                .hasMessageContaining("has no port").hasMessageContaining("tcp://buildkitd:1234");
        assertThatThrownBy(() -> BuildkitAddress.parse("unix://relative.sock"))
                .hasMessageContaining("three slashes");
        assertThatThrownBy(() -> BuildkitAddress.parse("tcp://host:http"))
                .hasMessageContaining("port 'http', which is not a number");
        assertThatThrownBy(() -> BuildkitAddress.parse("docker-container://buildkitd"))
                .hasMessageContaining("scheme docker-container://");
    }
}
