package org.jbuildkit.dockerfile.convert;

import java.util.Locale;
import org.jbuildkit.llb.Platform;

/** Platform spellings as containerd normalizes them ({@code x86_64} → {@code amd64}, {@code aarch64} → {@code arm64}). */
final class PlatformNames {

    private PlatformNames() {
    }

    static Platform normalize(Platform p) {
        String os = p.os().toLowerCase(Locale.ROOT);
        String arch = p.architecture().toLowerCase(Locale.ROOT);
        String variant = p.variant().toLowerCase(Locale.ROOT);
        switch (arch) {
            case "x86_64", "x86-64" -> arch = "amd64";
            case "aarch64" -> {
                arch = "arm64";
                if (variant.equals("8") || variant.equals("v8")) {
                    variant = "";
                }
            }
            case "armhf" -> {
                arch = "arm";
                variant = "v7";
            }
            case "armel" -> {
                arch = "arm";
                variant = "v6";
            }
            case "i386" -> arch = "386";
            default -> {
            }
        }
        if (arch.equals("arm64") && variant.equals("v8")) {
            variant = "";
        }
        if (arch.equals("arm") && variant.isEmpty()) {
            variant = "v7";
        }
        return new Platform(os, arch, variant);
    }

    /** {@code os/arch[/variant]}, as containerd's {@code platforms.Format}. */
    static String format(Platform p) {
        return p.toString();
    }
}
