package org.jbuildkit.daemon.config;

import java.util.Locale;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/** TOML spelling of values and keys, for messages and for printing the configuration. */
final class TomlText {

    private TomlText() {
    }

    /** What a message says was found: "string \"yes\"", "integer 5", "a table". */
    static String describe(Object value) {
        if (value instanceof String s) {
            return "string " + quote(s);
        }
        if (value instanceof Long l) {
            return "integer " + l;
        }
        if (value instanceof Double d) {
            return "float " + d;
        }
        if (value instanceof Boolean b) {
            return "boolean " + b;
        }
        if (value instanceof TomlArray a) {
            return isTableArray(a) ? "an array of tables" : "an array " + a.toJson().replaceAll("\\s+", " ").trim();
        }
        if (value instanceof TomlTable) {
            return "a table";
        }
        return "date/time " + value;
    }

    static boolean isTableArray(TomlArray array) {
        return !array.isEmpty() && array.get(0) instanceof TomlTable;
    }

    /** A TOML basic string. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A key as written in TOML: bare when it can be, quoted otherwise. */
    static String quoteIfNeeded(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : quote(key);
    }
}
