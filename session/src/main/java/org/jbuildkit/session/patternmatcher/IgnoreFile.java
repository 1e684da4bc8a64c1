package org.jbuildkit.session.patternmatcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.jbuildkit.api.GoPath;

/**
 * Reads a {@code .dockerignore} file into exclude patterns, as upstream's {@code ignorefile.ReadAll}:
 * a UTF-8 BOM is dropped, lines starting with {@code #} are comments, blank lines are skipped, every
 * other line is trimmed and cleaned like filepath.Clean with a leading {@code /} removed, and a leading
 * {@code !} (exception) is kept in front of the cleaned pattern.
 */
public final class IgnoreFile {
    private IgnoreFile() {
    }

    /** The patterns of the file, in order; the reader is read to its end but not closed. */
    public static List<String> readAll(Reader reader) throws IOException {
        List<String> patterns = new ArrayList<>();
        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        boolean first = true;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (first && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            first = false;
            String pattern = pattern(line);
            if (pattern != null) {
                patterns.add(pattern);
            }
        }
        return patterns;
    }

    /** The pattern one line holds, or null for a comment or blank line. */
    static String pattern(String line) {
        if (line.startsWith("#")) {
            return null;
        }
        String pattern = line.strip();
        if (pattern.isEmpty()) {
            return null;
        }
        boolean invert = pattern.charAt(0) == '!';
        if (invert) {
            pattern = pattern.substring(1).strip();
        }
        if (!pattern.isEmpty()) {
            pattern = GoPath.clean(pattern);
            if (pattern.length() > 1 && pattern.charAt(0) == '/') {
                pattern = pattern.substring(1);
            }
        }
        return invert ? "!" + pattern : pattern;
    }
}
