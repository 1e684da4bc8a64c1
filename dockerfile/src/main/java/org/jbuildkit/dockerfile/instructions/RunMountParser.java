package org.jbuildkit.dockerfile.instructions;

import org.jbuildkit.dockerfile.Suggestions;

import java.util.List;
import java.util.Locale;
import org.jbuildkit.dockerfile.shell.ShellLex.ShellSyntaxException;

/**
 * Parses one RUN {@code --mount=} value as upstream's {@code parseMount} (latest semantics): CSV fields (quoted as
 * Go's {@code encoding/csv}), each {@code key=value} or one of the bare words {@code ro}, {@code readonly},
 * {@code rw}, {@code readwrite}, {@code required}; keys are case-insensitive, and the fields are checked in the
 * order written (so {@code required} or {@code size} must come after the {@code type=} that allows them).
 *
 * <p>Variables: upstream expands each field's value on its own after the CSV split (its {@code setMountState} with
 * the stage's expander), and refuses a variable in {@code from=} even before that. Pass that expander to
 * {@link #parse(String, WordExpander)}; {@link #parse(String)} takes a value whose variables are already expanded.
 *
 * <p>Beyond {@code parseMount} it also refuses {@code source=} on ssh mounts, which upstream refuses when it
 * dispatches the RUN ("ssh does not support source").
 */
public final class RunMountParser {
    private static final List<String> ALL_KEYS = List.of("type", "from", "source", "target", "readonly", "id",
            "sharing", "required", "size", "mode", "uid", "gid", "src", "dst", "destination", "ro", "rw", "readwrite",
            "env");

    private RunMountParser() {
    }

    /** A value with its variables already expanded. */
    public static RunMount parse(String value) throws InstructionFlagException {
        try {
            return parse(value, WordExpander.NONE);
        } catch (ShellSyntaxException e) {
            throw new IllegalStateException("no expansion cannot fail", e);
        }
    }

    /** The value as written; {@code expander} expands each field's value after the split. */
    public static RunMount parse(String value, WordExpander expander)
            throws InstructionFlagException, ShellSyntaxException {
        List<String> fields = checkBeforeExpansion(value);
        Draft m = new Draft();
        for (String field : fields) {
            int eq = field.indexOf('=');
            String key = (eq >= 0 ? field.substring(0, eq) : field).toLowerCase(Locale.ROOT);
            if (eq < 0) {
                m.bareWord(key, field);
                continue;
            }
            m.keyValue(key, expander.expand(field.substring(eq + 1)), field);
        }
        return m.finish();
    }

    /**
     * What upstream checks when it parses the RUN, before any expansion: the CSV syntax and the absence of variables
     * in {@code from=}. Returns the fields.
     */
    static List<String> checkBeforeExpansion(String value) throws InstructionFlagException {
        List<String> fields;
        try {
            fields = GoCsv.fields(value);
        } catch (GoCsv.CsvException e) {
            throw new InstructionFlagException("failed to parse csv mounts: " + e.getMessage()
                    + " (quote a whole field, e.g. \"target=/a,b\", and double any quote inside it)", e);
        }
        for (String field : fields) {
            int eq = field.indexOf('=');
            if (eq >= 0 && field.substring(0, eq).toLowerCase(Locale.ROOT).equals("from")) {
                String raw = field.substring(eq + 1);
                int dollar = raw.indexOf('$');
                if (dollar >= 0 && dollar != raw.length() - 1) {
                    throw new InstructionFlagException("'from' doesn't support variable expansion, define alias stage"
                            + " instead (FROM ${IMAGE} AS alias, then --mount=from=alias)");
                }
            }
        }
        return fields;
    }

    /** The mount as its fields are read, checked as a whole by {@link #finish()}. */
    private static final class Draft {
        MountType type = MountType.BIND;
        String from = "";
        String source = "";
        String target = "";
        boolean readOnly;
        boolean roAuto = true;
        long sizeLimit;
        String id = "";
        MountSharing sharing;
        boolean required;
        String env;
        Long mode;
        Long uid;
        Long gid;

        void bareWord(String key, String field) throws InstructionFlagException {
            switch (key) {
                case "readonly", "ro" -> {
                    readOnly = true;
                    roAuto = false;
                }
                case "readwrite", "rw" -> {
                    readOnly = false;
                    roAuto = false;
                }
                case "required" -> {
                    requireSecretOrSsh(key);
                    required = true;
                }
                default -> throw new InstructionFlagException("invalid field '" + field
                        + "' must be a key=value pair (only ro, rw, readonly, readwrite and required stand alone)");
            }
        }

        void keyValue(String key, String value, String field) throws InstructionFlagException {
            switch (key) {
                case "type" -> type = mountType(value);
                case "from" -> from = value;
                case "source", "src" -> source = value;
                case "target", "dst", "destination" -> target = value;
                case "readonly", "ro" -> {
                    readOnly = bool(key, value);
                    roAuto = false;
                }
                case "readwrite", "rw" -> {
                    readOnly = !bool(key, value);
                    roAuto = false;
                }
                case "required" -> {
                    requireSecretOrSsh(key);
                    required = bool(key, value);
                }
                case "size" -> {
                    if (type != MountType.TMPFS) {
                        throw unexpectedForType(key, "type=tmpfs");
                    }
                    try {
                        sizeLimit = RamInBytes.parse(value);
                    } catch (IllegalArgumentException e) {
                        throw new InstructionFlagException("invalid value for " + key + ": " + value
                                + " (give bytes or a unit: 64m, 1.5g, 512KiB)", e);
                    }
                }
                case "id" -> id = value;
                case "sharing" -> sharing = sharing(value);
                case "mode" -> mode = uint(value, 8, "mode", "an octal mode such as 0755");
                case "uid" -> uid = uint(value, 10, "uid", "a numeric user id such as 1000");
                case "gid" -> gid = uint(value, 10, "gid", "a numeric group id such as 1000");
                case "env" -> env = value;
                default -> {
                    String message = "unexpected key '" + key + "' in '" + field + "'";
                    throw new InstructionFlagException(Suggestions.closest(key, ALL_KEYS)
                            .map(s -> message + " (did you mean " + s + "?)")
                            .orElse(message + " (keys are " + String.join(", ", ALL_KEYS) + ")"));
                }
            }
        }

        RunMount finish() throws InstructionFlagException {
            boolean fileInfoAllowed = type == MountType.SECRET || type == MountType.SSH || type == MountType.CACHE;
            if (!fileInfoAllowed) {
                String fix = " (mode, uid and gid apply to cache, secret and ssh mounts)";
                if (mode != null) {
                    throw new InstructionFlagException("mode not allowed for " + GoQuote.quote(type.value()) + " type mounts" + fix);
                }
                if (uid != null) {
                    throw new InstructionFlagException("uid not allowed for " + GoQuote.quote(type.value()) + " type mounts" + fix);
                }
                if (gid != null) {
                    throw new InstructionFlagException("gid not allowed for " + GoQuote.quote(type.value()) + " type mounts" + fix);
                }
            }
            if (roAuto) {
                readOnly = type != MountType.CACHE && type != MountType.TMPFS;
            }
            if (type == MountType.SECRET) {
                if (!from.isEmpty()) {
                    throw new InstructionFlagException("secret mount should not have a from"
                            + " (secrets come from the client's --secret; remove from=)");
                }
                if (sharing != null) {
                    throw new InstructionFlagException("secret mount should not define sharing (remove sharing=)");
                }
                if (source.isEmpty() && target.isEmpty() && id.isEmpty()) {
                    throw new InstructionFlagException("invalid secret mount. one of source, target required"
                            + " (give id=NAME to name the secret passed with --secret id=NAME)");
                }
                if (!source.isEmpty() && !id.isEmpty()) {
                    throw new InstructionFlagException("both source and id can't be set"
                            + " (both name the secret; keep id=)");
                }
            }
            if (sharing != null && type != MountType.CACHE) {
                throw new InstructionFlagException("invalid cache sharing set for " + type
                        + " mount (sharing applies to type=cache only)");
            }
            if (type == MountType.SSH && !source.isEmpty()) {
                throw new InstructionFlagException("ssh does not support source"
                        + " (name the agent or key with id= and pass it with --ssh ID=PATH)");
            }
            return new RunMount(type, from, source, target, readOnly, sizeLimit, id, sharing, required, env, mode,
                    uid, gid);
        }

        private void requireSecretOrSsh(String key) throws InstructionFlagException {
            if (type != MountType.SECRET && type != MountType.SSH) {
                throw unexpectedForType(key, "type=secret and type=ssh");
            }
        }

        private InstructionFlagException unexpectedForType(String key, String allowed) {
            return new InstructionFlagException("unexpected key '" + key + "' for mount type '" + type + "' ("
                    + key + " applies to " + allowed + " only; write type= before it)");
        }

        private static MountType mountType(String value) throws InstructionFlagException {
            String lower = value.toLowerCase(Locale.ROOT);
            for (MountType t : MountType.values()) {
                if (t.value().equals(lower)) {
                    return t;
                }
            }
            String message = "unsupported mount type " + GoQuote.quote(value);
            throw new InstructionFlagException(Suggestions.closest(value, MountType.names())
                    .map(s -> message + " (did you mean " + s + "?)")
                    .orElse(message + " (type is one of " + String.join(", ", MountType.names()) + ")"));
        }

        private static MountSharing sharing(String value) throws InstructionFlagException {
            String lower = value.toLowerCase(Locale.ROOT);
            for (MountSharing s : MountSharing.values()) {
                if (s.value().equals(lower)) {
                    return s;
                }
            }
            String message = "unsupported sharing value " + GoQuote.quote(value);
            throw new InstructionFlagException(Suggestions.closest(value, MountSharing.names())
                    .map(s -> message + " (did you mean " + s + "?)")
                    .orElse(message + " (sharing is one of " + String.join(", ", MountSharing.names()) + ")"));
        }

        private static boolean bool(String key, String value) throws InstructionFlagException {
            try {
                return GoStrconv.parseBool(value);
            } catch (NumberFormatException e) {
                throw new InstructionFlagException("invalid value for " + key + ": " + value + " (use true or false)");
            }
        }

        private static long uint(String value, int base, String what, String example) throws InstructionFlagException {
            try {
                return GoStrconv.parseUint(value, base, 32);
            } catch (NumberFormatException e) {
                throw new InstructionFlagException("invalid value " + value + " for " + what + " (give " + example + ")");
            }
        }
    }
}
