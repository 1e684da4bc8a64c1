package org.jbuildkit.daemon.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

/** Deterministic environments and config files for the tests. */
final class TestEnvironments {

    /** Size of this machine's disk, where upstream showed "Keep Bytes: 26GB" (10%, rounded up). */
    static final long DISK_TOTAL = 270_553_174_016L;

    private TestEnvironments() {
    }

    static ConfigEnvironment root() {
        return new ConfigEnvironment(0, 0, false, Map.of("HOME", "/root", "USER", "root"),
                dir -> DiskStat.ofTotal(DISK_TOTAL), TestEnvironments::groups);
    }

    static ConfigEnvironment user(Map<String, String> variables) {
        return new ConfigEnvironment(1000, 1000, false, variables, dir -> DiskStat.ofTotal(DISK_TOTAL),
                TestEnvironments::groups);
    }

    static ConfigEnvironment withDisk(ConfigEnvironment env, long total) {
        return new ConfigEnvironment(env.uid(), env.gid(), env.inUserNamespace(), env.variables(),
                dir -> DiskStat.ofTotal(total), env.groups());
    }

    private static OptionalInt groups(String name) {
        return name.equals("buildkit") ? OptionalInt.of(1234) : OptionalInt.empty();
    }

    static Path write(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(TestEnvironments.class.getResource("/config/" + name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static DaemonFlags configFlag(Path config) {
        return new DaemonFlags(config, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Resolves {@code text} as the --config file, as root. */
    static EffectiveConfig resolveText(Path dir, String text) {
        return ConfigResolver.resolve(configFlag(write(dir, "buildkitd.toml", text)), root());
    }
}
