package org.jbuildkit.llb;

import java.util.Locale;
import java.util.Objects;

/** An OCI platform (os/architecture/variant) as LLB ops carry it in {@code Op.platform}. */
public record Platform(String os, String architecture, String variant) {

    public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", "");
    public static final Platform LINUX_ARM64 = new Platform("linux", "arm64", "");

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        variant = variant == null ? "" : variant;
    }

    /** The platform of this JVM, normalized the way containerd's {@code platforms.DefaultSpec} names it. */
    public static Platform host() {
        String arch = System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT);
        String goArch = switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> arch;
        };
        return new Platform("linux", goArch, "");
    }

    /** Parses {@code os/arch[/variant]}. */
    public static Platform parse(String spec) {
        String[] parts = spec.split("/");
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("invalid platform \"" + spec + "\": expected os/arch[/variant]");
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
    }

    org.jbuildkit.api.pb.Platform toProto() {
        return org.jbuildkit.api.pb.Platform.newBuilder()
                .setOS(os).setArchitecture(architecture).setVariant(variant).build();
    }

    @Override
    public String toString() {
        return variant.isEmpty() ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
    }
}
