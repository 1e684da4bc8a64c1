package org.jbuildkit.dockerfile.instructions;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jbuildkit.llb.Platform;

/**
 * FROM {@code --platform}, after expansion, read as containerd's {@code platforms.Parse} (which upstream calls):
 * {@code os}, {@code arch}, {@code os/arch} or {@code os/arch/variant}, with architecture aliases normalized
 * ({@code x86_64}→{@code amd64}, {@code aarch64}→{@code arm64}, {@code armhf}→{@code arm/v7}, {@code i386}→
 * {@code 386}…) and an OS version in parentheses allowed ({@code windows(10.0.17763)/amd64}; parsed, then dropped,
 * as LLB's {@link Platform} has no field for it). {@link #normalize} is containerd's {@code platforms.Normalize}, for
 * comparing or printing.
 */
public final class PlatformFlag {
    private static final String SPECIFIER = "^[A-Za-z0-9_.-]+$";
    private static final String OS = "^([A-Za-z0-9_-]+)(?:\\(([A-Za-z0-9_.%-]*)((?:\\+[A-Za-z0-9_.%-]+)*)\\))?$";
    private static final Pattern SPECIFIER_RE = Pattern.compile(SPECIFIER);
    private static final Pattern OS_RE = Pattern.compile(OS);
    private static final String FIX = " (write os/arch[/variant], e.g. linux/amd64 or linux/arm/v7)";

    private PlatformFlag() {
    }

    /**
     * Upstream's FROM handling of {@code --platform=<expression>} whose expansion is {@code expanded}; {@code host}
     * supplies what a one-part specifier leaves out (the architecture for {@code linux}, the OS for {@code arm64}),
     * as containerd takes it from the machine it runs on.
     */
    public static Platform parse(String expression, String expanded, Platform host) throws InstructionFlagException {
        if (expanded.isEmpty()) {
            throw new InstructionFlagException("empty platform value from expression " + expression
                    + " (set the build arg it uses, or remove --platform)");
        }
        try {
            return containerdParse(expanded, host);
        } catch (IllegalArgumentException e) {
            throw new InstructionFlagException("failed to parse platform " + expression + ": " + e.getMessage() + FIX,
                    e);
        }
    }

    /**
     * One platform specifier as containerd parses it, e.g. a {@code platform} frontend attribute (upstream's dockerui
     * then applies {@link #normalize}); the message is containerd's plus the fix.
     */
    public static Platform parse(String specifier, Platform host) throws InstructionFlagException {
        try {
            return containerdParse(specifier, host);
        } catch (IllegalArgumentException e) {
            throw new InstructionFlagException(e.getMessage() + FIX, e);
        }
    }

    private static Platform containerdParse(String specifier, Platform host) {
        if (specifier.contains("*")) {
            throw new IllegalArgumentException(quote(specifier) + ": wildcards not yet supported: invalid argument");
        }
        String[] parts = specifier.split("/", 4);
        String os = "";
        for (int i = 0; i < parts.length; i++) {
            if (i == 0) {
                Matcher m = OS_RE.matcher(parts[0]);
                if (!m.matches()) {
                    throw new IllegalArgumentException(quote(parts[0]) + " is an invalid OS component of "
                            + quote(specifier) + ": OSAndVersion specifier component must match " + quote(OS)
                            + ": invalid argument");
                }
                os = normalizeOs(m.group(1));
                if (m.group(2) != null) {
                    decodeOsOption(specifier, m.group(2));
                }
            } else if (!SPECIFIER_RE.matcher(parts[i]).matches()) {
                throw new IllegalArgumentException(quote(parts[i]) + " is an invalid component of "
                        + quote(specifier) + ": platform specifier component must match " + quote(SPECIFIER)
                        + ": invalid argument");
            }
        }
        switch (parts.length) {
            case 1 -> {
                if (isKnownOs(os)) {
                    return new Platform(os, host.architecture(), host.architecture().equals("arm")
                            && !host.variant().equals("v7") ? host.variant() : "");
                }
                String[] arch = normalizeArch(parts[0], "");
                if (arch[0].equals("arm") && arch[1].equals("v7")) {
                    arch[1] = "";
                }
                if (isKnownArch(arch[0])) {
                    return new Platform(host.os(), arch[0], arch[1]);
                }
                throw new IllegalArgumentException(quote(specifier)
                        + ": unknown operating system or architecture: invalid argument");
            }
            case 2 -> {
                String[] arch = normalizeArch(parts[1], "");
                if (arch[0].equals("arm") && arch[1].equals("v7")) {
                    arch[1] = "";
                }
                return new Platform(os, arch[0], arch[1]);
            }
            case 3 -> {
                String[] arch = normalizeArch(parts[1], parts[2]);
                if (arch[0].equals("arm64") && arch[1].isEmpty()) {
                    arch[1] = "v8";
                }
                return new Platform(os, arch[0], arch[1]);
            }
            default -> throw new IllegalArgumentException(quote(specifier)
                    + ": cannot parse platform specifier: invalid argument");
        }
    }

    /** containerd's {@code platforms.Normalize}: {@code linux/arm} becomes {@code linux/arm/v7}, {@code arm64/v8} {@code arm64}. */
    public static Platform normalize(Platform p) {
        String[] arch = normalizeArch(p.architecture(), p.variant());
        return new Platform(normalizeOs(p.os()), arch[0], arch[1]);
    }

    private static String normalizeOs(String os) {
        String lower = os.toLowerCase(Locale.ROOT);
        return lower.equals("macos") ? "darwin" : lower;
    }

    private static String[] normalizeArch(String architecture, String variantIn) {
        String arch = architecture.toLowerCase(Locale.ROOT);
        String variant = variantIn.toLowerCase(Locale.ROOT);
        switch (arch) {
            case "i386" -> {
                arch = "386";
                variant = "";
            }
            case "x86_64", "x86-64", "amd64" -> {
                arch = "amd64";
                if (variant.equals("v1")) {
                    variant = "";
                }
            }
            case "aarch64", "arm64" -> {
                arch = "arm64";
                variant = switch (variant) {
                    case "8", "v8", "v8.0" -> "";
                    case "9", "9.0", "v9.0" -> "v9";
                    default -> variant;
                };
            }
            case "armhf" -> {
                arch = "arm";
                variant = "v7";
            }
            case "armel" -> {
                arch = "arm";
                variant = "v6";
            }
            case "arm" -> variant = switch (variant) {
                case "", "7" -> "v7";
                case "5", "6", "8" -> "v" + variant;
                default -> variant;
            };
            default -> {
            }
        }
        return new String[] {arch, variant};
    }

    private static boolean isKnownOs(String os) {
        return switch (os) {
            case "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl",
                    "netbsd", "openbsd", "plan9", "solaris", "windows", "zos" -> true;
            default -> false;
        };
    }

    private static boolean isKnownArch(String arch) {
        return switch (arch) {
            case "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "ppc64", "ppc64le", "loong64", "mips",
                    "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "riscv", "riscv64", "s390",
                    "s390x", "sparc", "sparc64", "wasm" -> true;
            default -> false;
        };
    }

    /** Go's {@code url.PathUnescape} check on an OS version with {@code %} escapes. */
    private static void decodeOsOption(String specifier, String version) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < version.length(); i++) {
            char c = version.charAt(i);
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (i + 2 >= version.length() || Character.digit(version.charAt(i + 1), 16) < 0
                    || Character.digit(version.charAt(i + 2), 16) < 0) {
                String bad = version.substring(i, Math.min(i + 3, version.length()));
                throw new IllegalArgumentException(quote(specifier) + " has an invalid OS version " + quote(version)
                        + ": invalid URL escape " + quote(bad));
            }
            out.write(Integer.parseInt(version.substring(i + 1, i + 3), 16));
            i += 2;
        }
        out.toString(StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        return GoQuote.quote(s);
    }
}
