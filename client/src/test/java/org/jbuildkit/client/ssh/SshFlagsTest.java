package org.jbuildkit.client.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshFlagsTest {
    @TempDir
    Path tmp;

    @Test
    void anIdAloneUsesTheEnvironmentsAgent() {
        assertThat(SshFlags.parse("default")).isEqualTo(new AgentConfig("default", List.of(), false));
    }

    @Test
    void pathsFollowTheIdCommaSeparated() {
        assertThat(SshFlags.parse("github=/a/key,/b/key"))
                .isEqualTo(new AgentConfig("github", List.of("/a/key", "/b/key"), false));
        assertThat(SshFlags.parse("default=")).isEqualTo(new AgentConfig("default", List.of(""), false));
    }

    @Test
    void rawTakesOneSocket() {
        assertThat(SshFlags.parse("x=/s.sock,raw=true")).isEqualTo(new AgentConfig("x", List.of("/s.sock"), true));
        assertThat(SshFlags.parse("x=/s.sock,raw=0")).isEqualTo(new AgentConfig("x", List.of("/s.sock"), false));
        assertThatThrownBy(() -> SshFlags.parse("x=/a,/b,raw=true"))
                .hasMessageContaining("raw mode must supply exactly one socket path for \"x\"");
        assertThatThrownBy(() -> SshFlags.parse("x=/a,raw=maybe")).hasMessageContaining("invalid value for 'raw': maybe");
    }

    @Test
    void anEmptyIdIsTheDefaultAndTheEnvironmentsSocketIsUsed() throws Exception {
        Path socket = tmp.resolve("agent.sock");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(socket));
            try (ClientSshAgents agents = ClientSshAgents.prepare(List.of(new AgentConfig("", List.of(), false)),
                    socket.toString())) {
                assertThat(agents.sockets()).containsEntry("default",
                        new org.jbuildkit.session.sshforward.AgentSocket(socket, false));
            }
        }
    }

    @Test
    void unusableAgentsAreRefusedWithTheFix() throws Exception {
        assertThatThrownBy(() -> ClientSshAgents.prepare(SshFlags.parse(List.of("default")), null))
                .hasMessageContaining("make sure SSH_AUTH_SOCK is set");
        assertThatThrownBy(() -> ClientSshAgents.prepare(SshFlags.parse(List.of("a=" + tmp.resolve("none"))), null))
                .hasMessageContaining(tmp.resolve("none") + " does not exist");
        Path notAKey = Files.writeString(tmp.resolve("notakey"), "hello");
        assertThatThrownBy(() -> ClientSshAgents.prepare(SshFlags.parse(List.of("a=" + notAKey + ",raw=true")), null))
                .hasMessageContaining("raw mode only supported with socket paths");
        Path socket = tmp.resolve("s.sock");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(socket));
            assertThatThrownBy(() -> ClientSshAgents.prepare(SshFlags.parse(List.of("a=" + socket, "a=" + socket)),
                    null)).hasMessageContaining("duplicate agent ID \"a\"");
            assertThatThrownBy(() -> ClientSshAgents.prepare(SshFlags.parse(List.of("a=" + socket + "," + notAKey)),
                    null)).hasMessageContaining("invalid combination of keys and sockets");
        }
    }

    @Test
    void aFileThatIsNoKeyIsRefusedNamingIt() throws Exception {
        Path notAKey = Files.writeString(tmp.resolve("notakey"), "hello");
        assertThatThrownBy(() -> ClientSshAgents.prepare(SshFlags.parse(List.of("a=" + notAKey)), null))
                .hasMessageContaining(notAKey + " is neither an ssh agent socket nor a private key");
    }
}
