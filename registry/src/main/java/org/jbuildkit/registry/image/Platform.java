package org.jbuildkit.registry.image;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An OCI platform (os/architecture/variant), normalized as containerd does so that
 * {@code linux/x86_64} and {@code linux/amd64} are the same platform.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Platform(
        @JsonProperty("architecture") String architecture,
        @JsonProperty("os") String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") List<String> osFeatures,
        @JsonProperty("variant") String variant) {

    public Platform {
        architecture = architecture == null ? "" : architecture;
        os = os == null ? "" : os;
        osVersion = osVersion == null ? "" : osVersion;
        osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
        variant = variant == null ? "" : variant;
    }

    public static Platform of(String os, String architecture, String variant) {
        return new Platform(architecture, os, "", List.of(), variant);
    }

    /** Parses {@code os/arch[/variant]}; the message names the text and the expected form. */
    public static Platform parse(String text) {
        String[] parts = text.trim().split("/");
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("platform '" + text + "' is not os/arch[/variant], e.g. linux/amd64");
        }
        return of(parts[0], parts[1], parts.length == 3 ? parts[2] : "").normalized();
    }

    /** containerd's normalization of architecture names and default variants. */
    public Platform normalized() {
        String arch = architecture.toLowerCase();
        String var = variant.toLowerCase();
        switch (arch) {
            case "x86_64", "x86-64", "amd64" -> {
                arch = "amd64";
                if (var.equals("v1")) {
                    var = "";
                }
            }
            case "aarch64", "arm64" -> {
                arch = "arm64";
                if (var.equals("8") || var.equals("v8")) {
                    var = "";
                }
            }
            case "armhf" -> {
                arch = "arm";
                var = "v7";
            }
            case "armel" -> {
                arch = "arm";
                var = "v6";
            }
            case "arm" -> var = switch (var) {
                case "", "7" -> "v7";
                case "5", "6", "8" -> "v" + var;
                default -> var;
            };
            case "i386", "i686", "x86" -> arch = "386";
            default -> {
            }
        }
        return new Platform(arch, os.toLowerCase(), osVersion, osFeatures, var);
    }

    /**
     * Whether an image built for {@code this} runs on {@code host}: same OS and architecture, and
     * a variant the host can run (an amd64/v3 host runs v2 and plain amd64 images; arm/v7 runs v6, v5).
     */
    public boolean runsOn(Platform host) {
        Platform image = normalized();
        Platform h = host.normalized();
        if (!image.os.equals(h.os) || !image.architecture.equals(h.architecture)) {
            return false;
        }
        if (image.variant.isEmpty() || image.variant.equals(h.variant)) {
            return true;
        }
        return level(image.variant) > 0 && level(image.variant) <= level(h.variant);
    }

    private static int level(String variant) {
        return variant.matches("v\\d+") ? Integer.parseInt(variant.substring(1)) : 0;
    }

    @JsonIgnore
    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}
