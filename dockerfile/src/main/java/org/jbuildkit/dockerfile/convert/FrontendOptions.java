package org.jbuildkit.dockerfile.convert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jbuildkit.dockerfile.ConvertOptions;
import org.jbuildkit.dockerfile.instructions.InstructionFlagException;
import org.jbuildkit.dockerfile.instructions.PlatformFlag;
import org.jbuildkit.llb.ImageOptions;
import org.jbuildkit.llb.NetMode;
import org.jbuildkit.llb.Platform;
import org.jbuildkit.llb.Run;

/**
 * The frontend attributes a build sent ({@code --opt key=value}), parsed once with upstream's keys: {@code target},
 * {@code build-arg:K}, {@code label:K}, {@code platform}, {@code no-cache}, {@code add-hosts},
 * {@code image-resolve-mode}, {@code context:NAME}, {@code hostname}, {@code force-network-mode}.
 *
 * @param ignoreCache null: use the cache; empty: no stage uses it; else the stage names that do not
 * @param targetPlatform null when the build names none (the build platform is used, as upstream's implicit target)
 */
record FrontendOptions(String target, Map<String, String> buildArgs, Map<String, String> labels,
        Platform targetPlatform, Platform buildPlatform, List<String> ignoreCache, List<Run.HostIp> extraHosts,
        ImageOptions.ResolveMode resolveMode, Map<String, String> namedContexts, String hostname,
        NetMode forceNetwork, String sessionId, List<String> contextExcludes) {

    static final String BUILD_ARG = "build-arg:";
    static final String LABEL = "label:";
    static final String CONTEXT = "context:";

    /** Reads the attributes; a value the frontend cannot use fails naming the key and what it accepts. */
    static FrontendOptions parse(ConvertOptions o) throws InvalidOptionException {
        Map<String, String> attrs = o.frontendAttrs();
        Map<String, String> buildArgs = new TreeMap<>();
        Map<String, String> labels = new TreeMap<>();
        Map<String, String> contexts = new LinkedHashMap<>();
        attrs.forEach((k, v) -> {
            if (k.startsWith(BUILD_ARG)) {
                buildArgs.put(k.substring(BUILD_ARG.length()), v);
            } else if (k.startsWith(LABEL)) {
                labels.put(k.substring(LABEL.length()), v);
            } else if (k.startsWith(CONTEXT)) {
                contexts.put(k.substring(CONTEXT.length()), v);
            }
        });
        Platform buildPlatform = o.buildPlatform() != null ? o.buildPlatform() : Platform.host();
        return new FrontendOptions(attrs.getOrDefault("target", ""), buildArgs, labels,
                platform(attrs.get("platform"), buildPlatform), buildPlatform, ignoreCache(attrs), extraHosts(attrs.get("add-hosts")),
                resolveMode(attrs.get("image-resolve-mode")), contexts, attrs.getOrDefault("hostname", ""),
                netMode(attrs.get("force-network-mode")), o.sessionId(), o.contextExcludes());
    }

    Platform effectiveTargetPlatform() {
        return targetPlatform != null ? targetPlatform : buildPlatform;
    }

    boolean implicitTargetPlatform() {
        return targetPlatform == null;
    }

    /** {@code build-arg:BUILDKIT_CACHE_MOUNT_NS}: scopes the ids of cache mounts, as upstream. */
    String cacheIdNamespace() {
        return buildArgs.getOrDefault("BUILDKIT_CACHE_MOUNT_NS", "");
    }

    Optional<String> namedContext(String name) {
        return Optional.ofNullable(namedContexts.get(name));
    }

    private static Platform platform(String v, Platform host) throws InvalidOptionException {
        if (v == null || v.isBlank()) {
            return null;
        }
        List<String> specs = new ArrayList<>();
        for (String p : v.split(",")) {
            if (!p.isBlank()) {
                specs.add(p.trim());
            }
        }
        if (specs.size() > 1) {
            throw new InvalidOptionException("multi-platform builds are not supported yet (platform=" + v
                    + "): build one platform per run, e.g. --opt platform=" + specs.get(0));
        }
        try {
            return PlatformFlag.normalize(PlatformFlag.parse(specs.get(0), host));
        } catch (InstructionFlagException e) {
            throw new InvalidOptionException("invalid --opt platform=" + v + ": " + e.getMessage());
        }
    }

    private static List<String> ignoreCache(Map<String, String> attrs) {
        if (!attrs.containsKey("no-cache")) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (String n : attrs.get("no-cache").split(",")) {
            if (!n.isBlank()) {
                names.add(n.trim());
            }
        }
        return names;
    }

    private static List<Run.HostIp> extraHosts(String v) throws InvalidOptionException {
        List<Run.HostIp> out = new ArrayList<>();
        if (v == null || v.isBlank()) {
            return out;
        }
        for (String field : v.split(",")) {
            String f = field.trim();
            if (f.isEmpty()) {
                continue;
            }
            int eq = f.indexOf('=');
            if (eq < 0) {
                eq = f.indexOf(':');
            }
            if (eq <= 0 || eq == f.length() - 1) {
                throw new InvalidOptionException("invalid key-value pair \"" + f + "\" in add-hosts: use host=ip, "
                        + "e.g. --opt add-hosts=db=10.0.0.5");
            }
            String ip = f.substring(eq + 1);
            if (!ip.matches("[0-9a-fA-F.:]+")) {
                throw new InvalidOptionException("invalid IP address \"" + ip + "\" for host \"" + f.substring(0, eq)
                        + "\" in add-hosts: give a literal IPv4 or IPv6 address");
            }
            out.add(new Run.HostIp(f.substring(0, eq), ip));
        }
        return out;
    }

    private static ImageOptions.ResolveMode resolveMode(String v) throws InvalidOptionException {
        if (v == null || v.isEmpty() || v.equals("default")) {
            return ImageOptions.ResolveMode.DEFAULT;
        }
        return switch (v) {
            case "pull" -> ImageOptions.ResolveMode.PULL;
            case "local" -> ImageOptions.ResolveMode.LOCAL;
            default -> throw new InvalidOptionException("invalid image-resolve-mode: " + v
                    + " (use default, pull or local)");
        };
    }

    private static NetMode netMode(String v) throws InvalidOptionException {
        if (v == null || v.isEmpty()) {
            return NetMode.SANDBOX;
        }
        return switch (v) {
            case "none" -> NetMode.NONE;
            case "host" -> NetMode.HOST;
            case "sandbox" -> NetMode.SANDBOX;
            default -> throw new InvalidOptionException("invalid netmode " + v
                    + " for force-network-mode (use sandbox, none or host)");
        };
    }

    /** An option the frontend cannot use; the message names it and the fix. */
    static final class InvalidOptionException extends Exception {
        InvalidOptionException(String message) {
            super(message);
        }
    }
}
