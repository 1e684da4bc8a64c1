package org.jbuildkit.daemon.config;

import org.jbuildkit.api.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * One table of the parsed file, read through typed getters that know their key's position: a
 * wrong type fails with file:line:column, key, expected and found; every value read is recorded
 * for provenance. The keys asked for are the schema — {@link #finish()} warns about any other key
 * in the table, suggesting the closest known one. Like upstream (go-toml), a key that differs
 * only in case from a known one is applied, with a warning.
 */
final class TomlSection {

    private static final TomlTable EMPTY = Toml.parse("");

    private final ConfigReadContext ctx;
    private final TomlTable table;
    private final String path;
    private final TomlPosition position;
    private final boolean present;
    private final Set<String> known = new LinkedHashSet<>();
    private final Set<String> consumed = new HashSet<>();
    private final Map<String, String> spelledAs = new HashMap<>();
    private final List<TomlSection> children = new ArrayList<>();

    private TomlSection(ConfigReadContext ctx, TomlTable table, String path, TomlPosition position, boolean present) {
        this.ctx = ctx;
        this.table = table;
        this.path = path;
        this.position = position;
        this.present = present;
    }

    static TomlSection root(ConfigReadContext ctx, TomlTable table) {
        return new TomlSection(ctx, table, "", TomlPosition.positionAt(1, 1), true);
    }

    /** Whether the table exists in the file (absent sections read as empty). */
    boolean isPresent() {
        return present;
    }

    String path() {
        return path;
    }

    /** Position of the table's header (or first key); line 1 for the root. */
    TomlPosition position() {
        return position;
    }

    ConfigReadContext context() {
        return ctx;
    }

    /** TOML path of a key in this table, quoting it when needed: {@code registry."host:5000"}. */
    String keyPath(String key) {
        String part = key.matches("[A-Za-z0-9_-]+") ? key : TomlText.quote(key);
        return path.isEmpty() ? part : path + "." + part;
    }

    TomlPosition positionOf(String key) {
        String actual = spelledAs.getOrDefault(key, key);
        TomlPosition found = table.inputPositionOf(List.of(actual));
        return found != null ? found : position;
    }

    Optional<String> string(String key) {
        return find(key).map(v -> {
            if (!(v instanceof String s)) {
                throw typeError(key, v, "a string", "put the value in double quotes: " + key + " = \"…\"");
            }
            return s;
        });
    }

    Optional<Boolean> bool(String key) {
        return find(key).map(v -> {
            if (!(v instanceof Boolean b)) {
                throw typeError(key, v, "a boolean (true or false)",
                        "write " + key + " = true or " + key + " = false, without quotes");
            }
            return b;
        });
    }

    Tristate tristate(String key) {
        return bool(key).map(Tristate::of).orElse(Tristate.UNSET);
    }

    Optional<Long> integer(String key) {
        return find(key).map(v -> {
            if (!(v instanceof Long l)) {
                throw typeError(key, v, "an integer", "write a whole number without quotes, e.g. " + key + " = 4");
            }
            return l;
        });
    }

    /** A non-negative integer that fits an int (ids, counts, sizes of pools). */
    Optional<Integer> count(String key) {
        return integer(key).map(l -> {
            if (l < 0 || l > Integer.MAX_VALUE) {
                throw invalid(key, "expected an integer from 0 to " + Integer.MAX_VALUE + ", found " + l,
                        "use a whole number of 0 or more");
            }
            return l.intValue();
        });
    }

    Optional<List<String>> strings(String key) {
        return find(key).map(v -> {
            String fix = "write a list of quoted strings: " + key + " = [\"…\", \"…\"]";
            if (!(v instanceof TomlArray array)) {
                throw typeError(key, v, "an array of strings", v instanceof String s
                        ? "put the value in brackets: " + key + " = [" + TomlText.quote(s) + "]" : fix);
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                Object element = array.get(i);
                if (!(element instanceof String s)) {
                    throw ctx.error(array.inputPositionOf(i), keyPath(key) + "[" + i + "]",
                            "expected a string (in an array of strings), found " + TomlText.describe(element), fix);
                }
                out.add(s);
            }
            return List.copyOf(out);
        });
    }

    /** Integer seconds, or a Go duration string ("48h", "1h30m"); negative values are refused. */
    Optional<Duration> duration(String key) {
        return find(key).map(v -> {
            String expected = "a duration: whole seconds (172800) or a Go duration string (\"48h\", \"90m\")";
            String fix = "write " + key + " = \"48h\" (units h, m, s, ms) or " + key + " = 172800 (seconds)";
            Duration value;
            if (v instanceof Long seconds) {
                value = Duration.ofSeconds(seconds);
            } else if (v instanceof String s) {
                value = parseDurationText(s).orElseThrow(() -> typeError(key, v, expected, fix));
            } else {
                throw typeError(key, v, expected, fix);
            }
            if (value.isNegative()) {
                throw invalid(key, "expected a duration of 0 or more, found " + TomlText.describe(v), fix);
            }
            return value;
        });
    }

    /** Integer bytes, a size string ("512MB", binary units as upstream) or a percentage ("10%"). */
    Optional<DiskSpace> diskSpace(String key) {
        return find(key).map(v -> {
            String expected = "a disk size: bytes (512000000), a size with a unit (\"512MB\") or a percentage of the disk (\"10%\")";
            String fix = "write " + key + " = 512000000, " + key + " = \"512MB\" or " + key + " = \"10%\"";
            if (v instanceof Long bytes) {
                if (bytes < 0) {
                    throw invalid(key, "expected a disk size of 0 or more, found " + bytes, fix);
                }
                return DiskSpace.ofBytes(bytes);
            }
            if (!(v instanceof String s)) {
                throw typeError(key, v, expected, fix);
            }
            try {
                return DiskSpace.parse(s);
            } catch (IllegalArgumentException e) {
                throw invalid(key, "expected " + expected + ", found " + TomlText.describe(v) + " (" + e.getMessage() + ")", fix);
            }
        });
    }

    /** A table whose values are all strings, such as labels. */
    Optional<Map<String, String>> stringMap(String key) {
        return find(key).map(v -> {
            String fix = "write [" + keyPath(key) + "] followed by lines like \"name\" = \"value\"";
            if (!(v instanceof TomlTable t)) {
                throw typeError(key, v, "a table of strings", fix);
            }
            ctx.record(keyPath(key), positionOf(key));
            Map<String, String> out = new LinkedHashMap<>();
            for (String name : t.keySet()) {
                Object value = t.get(List.of(name));
                if (!(value instanceof String s)) {
                    throw ctx.error(t.inputPositionOf(List.of(name)), keyPath(key) + "." + TomlText.quoteIfNeeded(name),
                            "expected a string, found " + TomlText.describe(value), fix);
                }
                out.put(name, s);
            }
            return Collections.unmodifiableMap(out);
        });
    }

    /** A table passed through without a schema (runtime options, stargz settings), as plain Java values. */
    Optional<Map<String, Object>> plainTable(String key) {
        return find(key).map(v -> {
            if (!(v instanceof TomlTable t)) {
                throw typeError(key, v, "a table", "write [" + keyPath(key) + "] followed by key = value lines");
            }
            ctx.record(keyPath(key), positionOf(key));
            return plain(t);
        });
    }

    /** A sub-table; an empty, absent section when the file has none. */
    TomlSection section(String key) {
        Optional<Object> value = find(key);
        TomlSection child;
        if (value.isEmpty()) {
            child = new TomlSection(ctx, EMPTY, keyPath(key), position, false);
        } else if (value.get() instanceof TomlTable t) {
            child = new TomlSection(ctx, t, keyPath(key), positionOf(key), true);
            ctx.record(keyPath(key), positionOf(key));
        } else {
            throw typeError(key, value.get(), "a table",
                    "write [" + keyPath(key) + "] on its own line, followed by key = value lines");
        }
        children.add(child);
        return child;
    }

    /** An array of tables ({@code [[path]]}); empty when absent. */
    List<TomlSection> sectionArray(String key) {
        Optional<Object> value = find(key);
        if (value.isEmpty()) {
            return List.of();
        }
        String fix = "write [[" + keyPath(key) + "]] (double brackets) before each entry";
        if (!(value.get() instanceof TomlArray array)) {
            throw typeError(key, value.get(), "an array of tables ([[" + keyPath(key) + "]])", fix);
        }
        List<TomlSection> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof TomlTable t)) {
                throw ctx.error(array.inputPositionOf(i), keyPath(key) + "[" + i + "]",
                        "expected a table, found " + TomlText.describe(array.get(i)), fix);
            }
            TomlSection child = new TomlSection(ctx, t, keyPath(key) + "[" + i + "]", array.inputPositionOf(i), true);
            ctx.record(child.path(), child.position());
            children.add(child);
            out.add(child);
        }
        return out;
    }

    /** Tables keyed by an arbitrary name ({@code [registry."host"]}), in file order. */
    Map<String, TomlSection> namedSections(String key) {
        TomlSection parent = section(key);
        Map<String, TomlSection> out = new LinkedHashMap<>();
        for (String name : parent.table.keySet()) {
            Object value = parent.table.get(List.of(name));
            if (!(value instanceof TomlTable)) {
                throw parent.invalid(name, "expected a section [" + parent.keyPath(name) + "], found "
                        + TomlText.describe(value), "put them in a named section: [" + keyPath(key) + ".\"host:port\"]");
            }
            out.put(name, parent.section(name));
        }
        return out;
    }

    /** Keys of this table whose values are tables, other than {@code except}; for diagnosing dotted names. */
    List<String> tableKeysExcept(Set<String> except) {
        List<String> out = new ArrayList<>();
        for (String key : table.keySet()) {
            if (!except.contains(key) && table.get(List.of(key)) instanceof TomlTable) {
                out.add(key);
            }
        }
        return out;
    }

    /** The single chain of sub-table names below {@code key} (a host written unquoted: docker.io → io). */
    String dottedTail(String key) {
        StringBuilder tail = new StringBuilder(key);
        Object value = table.get(List.of(key));
        while (value instanceof TomlTable t && t.size() == 1 && t.get(List.of(t.keySet().iterator().next())) instanceof TomlTable) {
            String next = t.keySet().iterator().next();
            tail.append('.').append(next);
            value = t.get(List.of(next));
        }
        return tail.toString();
    }

    /** Marks a key as handled, so that {@link #finish()} does not report it. */
    void consume(String key) {
        consumed.add(key);
    }

    ConfigException invalid(String key, String problem, String fix) {
        return ctx.error(positionOf(key), keyPath(key), problem, fix);
    }

    void warn(String key, String message) {
        ctx.warn(positionOf(key), keyPath(key), message);
    }

    /** Warns about every key of this table (and of its sub-tables read so far) that nobody asked for. */
    void finish() {
        for (TomlSection child : children) {
            child.finish();
        }
        if (!present) {
            return;
        }
        for (String key : table.keySet()) {
            if (consumed.contains(key)) {
                continue;
            }
            boolean isTable = table.get(List.of(key)) instanceof TomlTable;
            String name = isTable ? "section [" + keyPath(key) + "]" : "key " + keyPath(key);
            String hint = KeySuggestions.closest(key, known)
                    .map(k -> "; did you mean " + (isTable ? "[" + keyPath(k) + "]" : k) + "?")
                    .orElse(known.isEmpty() ? "" : " (known here: " + String.join(", ", known) + ")");
            ctx.warn(table.inputPositionOf(List.of(key)), keyPath(key), "unknown " + name + " ignored" + hint);
        }
    }

    private Optional<Object> find(String key) {
        known.add(key);
        if (table.contains(List.of(key))) {
            consumed.add(key);
            Object value = table.get(List.of(key));
            recordValue(key, value);
            return Optional.of(value);
        }
        for (String candidate : table.keySet()) {
            if (candidate.equalsIgnoreCase(key) && !consumed.contains(candidate) && !known.contains(candidate)) {
                consumed.add(candidate);
                spelledAs.put(key, candidate);
                ctx.warn(table.inputPositionOf(List.of(candidate)), keyPath(candidate), "key " + keyPath(candidate)
                        + ": did you mean " + key + "? Applied as " + key
                        + ", because upstream buildkitd also matches keys ignoring case; write " + key);
                Object value = table.get(List.of(candidate));
                recordValue(key, value);
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private void recordValue(String key, Object value) {
        if (!(value instanceof TomlTable) && !(value instanceof TomlArray a && TomlText.isTableArray(a))) {
            ctx.record(keyPath(key), positionOf(key));
        }
    }

    private ConfigException typeError(String key, Object found, String expected, String fix) {
        return invalid(key, "expected " + expected + ", found " + TomlText.describe(found), fix);
    }

    private static Optional<Duration> parseDurationText(String text) {
        if (text.isEmpty()) {
            return Optional.of(Duration.ZERO);
        }
        try {
            return Optional.of(GoDuration.parse(text));
        } catch (IllegalArgumentException notGoSyntax) {
            if (text.matches("-?\\d{1,18}")) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
            }
            return Optional.empty();
        }
    }

    private static Map<String, Object> plain(TomlTable table) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : table.keySet()) {
            out.put(key, plainValue(table.get(List.of(key))));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object plainValue(Object value) {
        if (value instanceof TomlTable t) {
            return plain(t);
        }
        if (value instanceof TomlArray a) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                out.add(plainValue(a.get(i)));
            }
            return List.copyOf(out);
        }
        return value;
    }
}
