package org.jbuildkit.client.export;

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

    /** The fields of one {@code --output} value, split as upstream's CSV reader does. */
    static List<String> csvFields(String line) {
        return org.jbuildkit.client.flags.CsvFields.split(line, "--output");
    }
}
