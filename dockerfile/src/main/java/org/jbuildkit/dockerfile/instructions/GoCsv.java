package org.jbuildkit.dockerfile.instructions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of CSV exactly as upstream reads a {@code --mount} value ({@code go-csvvalue}, which is Go's
 * {@code encoding/csv} for one record): fields split on commas; a field that starts with {@code "} runs to the
 * closing quote, {@code ""} inside it being a quote; any other quote is an error; one trailing newline is dropped.
 */
final class GoCsv {
    static final String ERR_BARE_QUOTE = "bare \" in non-quoted-field";
    static final String ERR_QUOTE = "extraneous or missing \" in quoted-field";

    /** A line Go refuses; {@code getMessage()} is Go's {@code csv.ParseError} text, or {@code EOF} for an empty line. */
    static final class CsvException extends Exception {
        CsvException(String message) {
            super(message);
        }
    }

    private GoCsv() {
    }

    static List<String> fields(String input) throws CsvException {
        String line = input;
        if (line.endsWith("\r\n")) {
            line = line.substring(0, line.length() - 2);
        } else if (line.endsWith("\n")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
            throw new CsvException("EOF");
        }
        List<String> fields = new ArrayList<>();
        int i = 0;
        while (true) {
            if (i >= line.length() || line.charAt(i) != '"') {
                int comma = line.indexOf(',', i);
                String field = comma >= 0 ? line.substring(i, comma) : line.substring(i);
                int quote = field.indexOf('"');
                if (quote >= 0) {
                    throw parseError(line, i + quote, ERR_BARE_QUOTE);
                }
                fields.add(field);
                if (comma < 0) {
                    return fields;
                }
                i = comma + 1;
                continue;
            }
            StringBuilder field = new StringBuilder();
            i++;
            while (true) {
                int quote = line.indexOf('"', i);
                if (quote < 0) {
                    throw parseError(line, i, ERR_QUOTE);
                }
                field.append(line, i, quote);
                i = quote + 1;
                if (i < line.length() && line.charAt(i) == '"') {
                    field.append('"');
                    i++;
                } else if (i < line.length() && line.charAt(i) == ',') {
                    fields.add(field.toString());
                    i++;
                    break;
                } else if (i == line.length()) {
                    fields.add(field.toString());
                    return fields;
                } else {
                    throw parseError(line, i - 1, ERR_QUOTE);
                }
            }
        }
    }

    /** Go reports 1-based byte columns. */
    private static CsvException parseError(String line, int charIndex, String what) {
        int column = line.substring(0, charIndex).getBytes(StandardCharsets.UTF_8).length + 1;
        return new CsvException("parse error on line 1, column " + column + ": " + what);
    }
}
