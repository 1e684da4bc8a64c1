package org.jbuildkit.client.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code --output} as upstream's buildctl reads it: CSV fields {@code key=value} (quotes allowed,
 * keys case-insensitive), {@code type} required, {@code dest} kept by the client; a bare value with no
 * {@code =} is short for {@code type=local,dest=value}.
 */
public record OutputSpec(String type, Map<String, String> attrs, String dest) {
    public OutputSpec {
        attrs = Map.copyOf(attrs);
    }

    public static OutputSpec parse(String value) {
        if (!value.contains("=")) {
            return new OutputSpec("local", Map.of(), value);
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        String type = "";
        for (String field : csvFields(value)) {
            int eq = field.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("invalid value " + field + " in --output " + value
                        + ": every field is key=value");
            }
            String key = field.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String v = field.substring(eq + 1);
            if (key.equals("type")) {
                type = v;
            } else {
                attrs.put(key, v);
            }
        }
        if (type.isEmpty()) {
            throw new IllegalArgumentException("--output requires type=<type> (" + value + "): use type=local,dest=DIR,"
                    + " type=tar,dest=FILE, type=image,name=REF,push=true, …");
        }
        if (attrs.containsKey("output")) {
            throw new IllegalArgumentException("output=" + attrs.get("output") + " not supported for --output, you"
                    + " meant dest=" + attrs.get("output") + "?");
        }
        String dest = attrs.remove("dest");
        return new OutputSpec(type, attrs, dest);
    }

    /**
     * Go's {@code encoding/csv} on one line: commas split, a field starting with a double quote runs to
     * its closing quote ({@code ""} inside is a quote). A quote further into a field is kept as is,
     * where Go would refuse it.
     */
    static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean atStart = true;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && atStart) {
                quoted = true;
                atStart = false;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                atStart = true;
            } else {
                field.append(c);
                atStart = false;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote in --output " + line);
        }
        fields.add(field.toString());
        return fields;
    }
}
