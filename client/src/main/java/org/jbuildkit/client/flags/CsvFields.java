package org.jbuildkit.client.flags;

import java.util.ArrayList;
import java.util.List;

/** The comma-separated {@code key=value} fields of one flag value, split as upstream's CSV readers do. */
public final class CsvFields {
    private CsvFields() {
    }

    /**
     * Go's {@code encoding/csv} on one line: commas split, a field starting with a double quote runs to
     * its closing quote ({@code ""} inside is a quote). A quote further into a field is kept as is,
     * where Go would refuse it. {@code flag} names the flag in the error.
     */
    public static List<String> split(String line, String flag) {
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
            throw new IllegalArgumentException("unterminated quote in " + flag + " " + line);
        }
        fields.add(field.toString());
        return fields;
    }
}
