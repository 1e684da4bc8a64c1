package org.jbuildkit.dockerfile.convert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code --name[=value]} flags of one instruction, checked against the flags it accepts (upstream's
 * {@code BFlags}): unknown and duplicated flags are refused, repeatable flags collect every value.
 */
final class NodeFlags {

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private NodeFlags() {
    }

    /**
     * @param single flags given at most once
     * @param repeatable flags that may be given several times ({@code --mount}, {@code --exclude})
     */
    static NodeFlags parse(String instruction, List<String> flags, Set<String> single, Set<String> repeatable)
            throws FlagException {
        NodeFlags f = new NodeFlags();
        for (String raw : flags) {
            if (!raw.startsWith("--")) {
                throw new FlagException("invalid flag \"" + raw + "\" for " + instruction
                        + ": flags are written --name=value");
            }
            String body = raw.substring(2);
            int eq = body.indexOf('=');
            String name = (eq < 0 ? body : body.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : body.substring(eq + 1);
            if (!single.contains(name) && !repeatable.contains(name)) {
                List<String> accepted = new ArrayList<>(single);
                accepted.addAll(repeatable);
                throw new FlagException("unknown flag: --" + name + " (" + instruction + " accepts "
                        + (accepted.isEmpty() ? "no flags" : "--" + String.join(", --", accepted.stream().sorted()
                                .toList())) + ")");
            }
            if (single.contains(name) && f.values.containsKey(name)) {
                throw new FlagException("Duplicate flag specified: --" + name + " (give it once)");
            }
            f.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return f;
    }

    Optional<String> value(String name) {
        List<String> v = values.get(name);
        return v == null ? Optional.empty() : Optional.of(v.get(0) == null ? "" : v.get(0));
    }

    String string(String name) {
        return value(name).orElse("");
    }

    /** {@code --link} or {@code --link=true|false}. */
    boolean bool(String name) throws FlagException {
        List<String> v = values.get(name);
        if (v == null) {
            return false;
        }
        String s = v.get(0);
        if (s == null || s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        throw new FlagException("expecting boolean value for flag --" + name + ", not: " + s);
    }

    List<String> all(String name) {
        List<String> v = values.get(name);
        if (v == null) {
            return List.of();
        }
        return v.stream().map(s -> s == null ? "" : s).toList();
    }

    /** A flag the instruction cannot take as written. */
    static final class FlagException extends Exception {
        FlagException(String message) {
            super(message);
        }
    }
}
