package org.jbuildkit.dockerfile.instructions;

import org.jbuildkit.dockerfile.Suggestions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code --name[=value]} flags one instruction accepts, and their parsing, as upstream's {@code BFlags}: a bool
 * flag is {@code --link}, {@code --link=true} or {@code --link=false} (any case); a string flag needs a value and may
 * be given once; a repeatable ("strings") flag such as {@code --mount} or {@code --exclude} collects every value in
 * order. Unknown flags are refused with a suggestion; flag parsing stops at a {@code --} word.
 *
 * <p>{@link #of(String)} declares exactly the flags upstream declares per instruction. Values are returned as
 * written: expanding variables in them (COPY's {@code --chown}, RUN's {@code --mount} fields…) is the converter's
 * job, as it is upstream's.
 */
public final class InstructionFlags {

    /** How a flag takes its value. */
    public enum Kind { BOOL, STRING, STRINGS }

    record Declaration(String name, Kind kind, String defaultValue) {
    }

    private final String instruction;
    private final Map<String, Declaration> declared;
    private final boolean ignoresFlags;

    private InstructionFlags(String instruction, Map<String, Declaration> declared, boolean ignoresFlags) {
        this.instruction = instruction;
        this.declared = Map.copyOf(declared);
        this.ignoresFlags = ignoresFlags;
    }

    /**
     * Upstream's flags for {@code instruction} (any case): RUN {@code --mount --network --security --device};
     * COPY {@code --from --chown --chmod --link --parents --exclude}; ADD {@code --chown --chmod --link
     * --keep-git-dir --checksum --unpack --exclude}; FROM {@code --platform}; HEALTHCHECK (the CMD form)
     * {@code --interval --timeout --start-period --start-interval --retries}. ARG and STOPSIGNAL ignore any flag
     * (upstream never parses theirs), as does {@code HEALTHCHECK NONE} (do not parse its flags); every other
     * instruction refuses all flags.
     */
    public static InstructionFlags of(String instruction) {
        String upper = instruction.toUpperCase(Locale.ROOT);
        Builder b = builder(upper);
        return switch (upper) {
            case "RUN" -> b.strings("mount").string("network", NetworkMode.DEFAULT.value())
                    .string("security", SecurityFlag.SANDBOX.value()).strings("device").build();
            case "COPY" -> b.string("chown", "").string("from", "").string("chmod", "").bool("link", false)
                    .strings("exclude").bool("parents", false).build();
            case "ADD" -> b.string("chown", "").string("chmod", "").bool("link", false).bool("keep-git-dir", false)
                    .string("checksum", "").bool("unpack", false).strings("exclude").build();
            case "FROM" -> b.string("platform", "").build();
            case "HEALTHCHECK" -> b.string("interval", "").string("timeout", "").string("start-period", "")
                    .string("start-interval", "").string("retries", "").build();
            case "ARG", "STOPSIGNAL" -> new InstructionFlags(upper, Map.of(), true);
            default -> b.build();
        };
    }

    public static Builder builder(String instruction) {
        return new Builder(instruction);
    }

    /** Parses {@code Node.flags()}: each a {@code --name} or {@code --name=value} word, quotes already removed. */
    public ParsedFlags parse(List<String> args) throws InstructionFlagException {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, List<String>> lists = new LinkedHashMap<>();
        for (Declaration d : declared.values()) {
            if (d.kind() == Kind.STRINGS) {
                lists.put(d.name(), new ArrayList<>());
            } else {
                values.put(d.name(), d.defaultValue());
            }
        }
        Set<String> used = new LinkedHashSet<>();
        if (ignoresFlags) {
            return new ParsedFlags(instruction, values, lists, List.copyOf(used));
        }
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            if (!arg.startsWith("--")) {
                throw new InstructionFlagException("arg should start with -- : " + arg
                        + " (flags of " + instruction + " are written --name or --name=value)");
            }
            int eq = arg.indexOf('=');
            boolean hasValue = eq >= 0;
            String flagName = hasValue ? arg.substring(0, eq) : arg;
            String value = hasValue ? arg.substring(eq + 1) : "";
            String name = flagName.substring(2);
            Declaration d = declared.get(name);
            if (d == null) {
                throw unknown(flagName, name);
            }
            if (!used.add(name) && d.kind() != Kind.STRINGS) {
                throw new InstructionFlagException("duplicate flag specified: " + flagName + " (give " + flagName
                        + " once per " + instruction + ")");
            }
            switch (d.kind()) {
                case BOOL -> {
                    if (hasValue && value.isEmpty()) {
                        throw missingValue(flagName, " (write " + flagName + ", " + flagName + "=true or "
                                + flagName + "=false)");
                    }
                    switch (value.toLowerCase(Locale.ROOT)) {
                        case "true", "" -> values.put(name, "true");
                        case "false" -> values.put(name, "false");
                        default -> throw new InstructionFlagException("expecting boolean value for flag " + flagName
                                + ", not: " + value + " (write " + flagName + "=true or " + flagName + "=false)");
                    }
                }
                case STRING -> {
                    if (!hasValue) {
                        throw missingValue(flagName, " (write " + flagName + "=VALUE)");
                    }
                    values.put(name, value);
                }
                case STRINGS -> {
                    if (!hasValue) {
                        throw missingValue(flagName, " (write " + flagName + "=VALUE; repeat the flag for more)");
                    }
                    lists.get(name).add(value);
                }
            }
        }
        return new ParsedFlags(instruction, values, lists, List.copyOf(used));
    }

    /** The flags this instruction accepts, sorted, for messages. */
    public List<String> accepted() {
        return declared.keySet().stream().sorted().toList();
    }

    private InstructionFlagException unknown(String flagName, String name) {
        String message = "unknown flag: " + flagName;
        String accepts = declared.isEmpty() ? instruction + " accepts no flags"
                : instruction + " accepts " + accepted().stream().map(n -> "--" + n).collect(Collectors.joining(", "));
        return Suggestions.closest(name, declared.keySet())
                .map(m -> new InstructionFlagException(message + " (did you mean " + m + "?); " + accepts))
                .orElseGet(() -> new InstructionFlagException(message + " (" + accepts + ")"));
    }

    private static InstructionFlagException missingValue(String flagName, String fix) {
        return new InstructionFlagException("missing a value on flag: " + flagName + fix);
    }

    /** Declares flags one by one; declaring a name twice is a programming error, as upstream's "Duplicate flag defined". */
    public static final class Builder {
        private final String instruction;
        private final Map<String, Declaration> declared = new LinkedHashMap<>();

        private Builder(String instruction) {
            this.instruction = instruction;
        }

        public Builder bool(String name, boolean defaultValue) {
            return add(new Declaration(name, Kind.BOOL, Boolean.toString(defaultValue)));
        }

        public Builder string(String name, String defaultValue) {
            return add(new Declaration(name, Kind.STRING, defaultValue));
        }

        public Builder strings(String name) {
            return add(new Declaration(name, Kind.STRINGS, null));
        }

        public InstructionFlags build() {
            return new InstructionFlags(instruction, declared, false);
        }

        private Builder add(Declaration d) {
            if (declared.putIfAbsent(d.name(), d) != null) {
                throw new IllegalStateException("Duplicate flag defined: " + d.name());
            }
            return this;
        }
    }
}
