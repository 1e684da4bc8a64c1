package org.jbuildkit.daemon.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jbuildkit.api.pb.Platform;

/**
 * The platforms this machine's worker can run natively: its own OS/architecture and, on amd64, the
 * micro-architecture levels (v2, v3, v4) its CPU supports, as upstream reports them.
 */
public final class HostPlatforms {
    private static final Set<String> V2 = Set.of("cx16", "lahf_lm", "popcnt", "sse4_1", "sse4_2", "ssse3");
    // LZCNT is part of v3 too, but some hypervisors hide its "abm" flag while passing the instruction
    // through; every CPU with AVX2 and BMI2 has it, so it is not required here.
    private static final Set<String> V3 = Set.of("avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "movbe", "xsave");
    private static final Set<String> V4 = Set.of("avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl");

    private static final Map<String, Set<String>> LEVELS = new LinkedHashMap<>();

    static {
        LEVELS.put("v2", V2);
        LEVELS.put("v3", V3);
        LEVELS.put("v4", V4);
    }

    private HostPlatforms() {
    }

    public static List<Platform> detect() {
        String arch = goArch(System.getProperty("os.arch"));
        List<Platform> platforms = new ArrayList<>();
        platforms.add(Platform.newBuilder().setOS("linux").setArchitecture(arch).build());
        if (arch.equals("amd64")) {
            Set<String> flags = cpuFlags();
            for (Map.Entry<String, Set<String>> level : LEVELS.entrySet()) {
                if (!flags.containsAll(level.getValue())) {
                    break;
                }
                platforms.add(Platform.newBuilder().setOS("linux").setArchitecture(arch).setVariant(level.getKey())
                        .build());
            }
        }
        return platforms;
    }

    /** Parses {@code os/arch[/variant]} as given to --oci-worker-platform or [worker.oci] platforms. */
    public static Platform parse(String text) {
        String[] parts = text.trim().split("/");
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("platform '" + text + "' is not os/arch[/variant], e.g. linux/amd64");
        }
        Platform.Builder p = Platform.newBuilder().setOS(parts[0]).setArchitecture(parts[1]);
        if (parts.length == 3) {
            p.setVariant(parts[2]);
        }
        return p.build();
    }

    static String goArch(String javaArch) {
        return switch (javaArch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> javaArch;
        };
    }

    private static Set<String> cpuFlags() {
        Set<String> flags = new HashSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    flags.addAll(List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
                    break;
                }
            }
        } catch (IOException e) {
            return flags;
        }
        return flags;
    }
}
