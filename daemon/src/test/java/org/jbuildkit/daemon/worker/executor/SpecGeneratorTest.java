package org.jbuildkit.daemon.worker.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecGeneratorTest {
    private static final Capabilities NO_SYS_RESOURCE = capabilities(0x1fffeffffffL);
    private static final SpecGenerator.BundleFiles FILES = new SpecGenerator.BundleFiles(
            Path.of("/b/hosts"), Path.of("/b/resolv.conf"), Map.of("/run/secrets/s", Path.of("/b/secrets/0")));

    private static Capabilities capabilities(long permitted) {
        return Capabilities.parseStatus(List.of("CapInh:\t0000000000000000", String.format("CapPrm:\t%016x", permitted)));
    }

    private static OciSpec generate(ExecSpec.Builder b) {
        return SpecGenerator.generate(b.build(), ContainerUser.ROOT, List.of(), NO_SYS_RESOURCE, FILES, "/buildkit/x");
    }

    private static ExecSpec.Builder spec() {
        return ExecSpec.builder(Path.of("/rootfs"), List.of("true"));
    }

    private static List<String> destinations(OciSpec s) {
        return s.mounts().stream().map(OciSpec.Mount::destination).toList();
    }

    private static List<String> namespaces(OciSpec s) {
        return s.linux().namespaces().stream().map(OciSpec.Namespace::type).toList();
    }

    @Test
    void sandboxedDefaultsFollowUpstream() {
        OciSpec s = generate(spec());
        assertThat(destinations(s)).containsExactly("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys",
                "/sys/fs/cgroup", "/etc/resolv.conf", "/etc/hosts");
        assertThat(namespaces(s)).containsExactly("pid", "ipc", "uts", "mount");
        assertThat(s.process().capabilities().effective()).isEqualTo(Capabilities.DEFAULT);
        assertThat(s.linux().maskedPaths()).contains("/proc/kcore", "/sys/firmware");
        assertThat(s.linux().readonlyPaths()).contains("/proc/sys");
        assertThat(s.hostname()).isEqualTo("buildkitsandbox");
        assertThat(s.process().env()).first().asString().startsWith("PATH=");
        assertThat(s.process().noNewPrivileges()).isFalse();
        assertThat(s.linux().cgroupsPath()).isEqualTo("/buildkit/x");
    }

    @Test
    void networkNoneGetsItsOwnNamespace() {
        assertThat(namespaces(generate(spec().network(NetworkMode.NONE)))).contains("network");
    }

    @Test
    void insecureHoldsEveryCapabilityTheDaemonHasAndMasksNothing() {
        OciSpec s = generate(spec().security(SecurityMode.INSECURE));
        assertThat(s.process().capabilities().bounding()).contains("CAP_SYS_ADMIN", "CAP_NET_ADMIN")
                .doesNotContain("CAP_SYS_RESOURCE").hasSize(40);
        assertThat(s.linux().maskedPaths()).isEmpty();
        assertThat(s.linux().readonlyPaths()).isEmpty();
        assertThat(s.mounts().stream().filter(m -> m.destination().equals("/sys")).findFirst().orElseThrow()
                .options()).contains("rw");
    }

    @Test
    void noProcessSandboxBindsTheHostsProcAndSharesItsPids() {
        OciSpec s = generate(spec().processMode(ProcessMode.NO_SANDBOX));
        OciSpec.Mount proc = s.mounts().get(0);
        assertThat(proc.type()).isEqualTo("bind");
        assertThat(proc.source()).isEqualTo("/proc");
        assertThat(namespaces(s)).doesNotContain("pid");
        assertThat(s.linux().maskedPaths()).noneMatch(p -> p.startsWith("/proc/")).contains("/sys/firmware");
    }

    @Test
    void execMountsComeLastAndReplaceDefaultsOnTheSameDestination() {
        OciSpec s = generate(spec()
                .mount(new ExecMount.Bind(Path.of("/host/src"), "/src", true))
                .mount(new ExecMount.Tmpfs("/dev/shm", 1024))
                .mount(new ExecMount.SecretFile(new byte[0], "/run/secrets/s", 0400, 0, 0)));
        assertThat(destinations(s)).endsWith("/src", "/run/secrets/s");
        assertThat(s.mounts().get(3)).isEqualTo(new OciSpec.Mount("/dev/shm", "tmpfs", "tmpfs",
                List.of("nosuid", "nodev", "mode=1777", "size=1024")));
        assertThat(s.mounts().get(s.mounts().size() - 2).options()).containsExactly("rbind", "ro");
        assertThat(s.mounts().get(s.mounts().size() - 1).source()).isEqualTo("/b/secrets/0");
    }

    @Test
    void unlimitedRlimitsAreWrittenAsUnsigned64Bit() throws Exception {
        OciSpec s = SpecGenerator.generate(spec().build(), ContainerUser.ROOT,
                List.of(new Ulimit("core", 0, Ulimit.UNLIMITED)), NO_SYS_RESOURCE, FILES, null);
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
        assertThat(json).contains("{\"type\":\"RLIMIT_CORE\",\"hard\":18446744073709551615,\"soft\":0}")
                .doesNotContain("cgroupsPath");
    }
}
