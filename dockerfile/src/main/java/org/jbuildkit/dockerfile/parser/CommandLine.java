package org.jbuildkit.dockerfile.parser;

import java.util.ArrayList;
import java.util.List;

/**
 * An instruction's line split as upstream's {@code splitCommand}: the keyword as written, the leading
 * {@code --flag[=value]} words (quotes and escapes removed, a lone {@code --} ends them) and the rest, trimmed.
 */
record CommandLine(String keyword, List<String> flags, String rest) {

    static CommandLine split(String line, Escape escape) {
        List<String> parts = GoText.splitBlank(GoText.trim(line), 2);
        if (parts.size() < 2) {
            return new CommandLine(parts.get(0), List.of(), "");
        }
        List<String> flags = new ArrayList<>();
        String rest = extractFlags(parts.get(1), escape.token(), flags);
        return new CommandLine(parts.get(0), flags, GoText.trim(rest));
    }

    private enum Phase { SPACES, WORD, QUOTE }

    /** Fills {@code flags} with the leading flag words of {@code line} and returns what follows them. */
    private static String extractFlags(String line, char escape, List<String> flags) {
        Phase phase = Phase.SPACES;
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean blankOk = false;
        int n = line.length();
        for (int pos = 0; pos <= n; pos++) {
            char ch = pos < n ? line.charAt(pos) : 0;
            if (phase == Phase.SPACES) {
                if (pos == n) {
                    break;
                }
                if (GoText.isSpace(ch)) {
                    continue;
                }
                if (ch != '-' || pos + 1 == n || line.charAt(pos + 1) != '-') {
                    return line.substring(pos);
                }
                phase = Phase.WORD;
            }
            if (pos == n) {
                String w = word.toString();
                if (!w.equals("--") && (blankOk || !w.isEmpty())) {
                    flags.add(w);
                }
                break;
            }
            if (phase == Phase.WORD) {
                if (GoText.isSpace(ch)) {
                    String w = word.toString();
                    phase = Phase.SPACES;
                    if (w.equals("--")) {
                        return line.substring(pos);
                    }
                    if (blankOk || !w.isEmpty()) {
                        flags.add(w);
                    }
                    word.setLength(0);
                    blankOk = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    phase = Phase.QUOTE;
                    continue;
                }
                if (ch == escape) {
                    if (pos + 1 == n) {
                        continue;
                    }
                    pos++;
                    ch = line.charAt(pos);
                }
                word.append(ch);
                continue;
            }
            // inside quotes
            if (ch == quote) {
                phase = Phase.WORD;
                continue;
            }
            if (ch == escape) {
                if (pos + 1 == n) {
                    phase = Phase.WORD;
                    continue;
                }
                pos++;
                ch = line.charAt(pos);
            }
            word.append(ch);
        }
        return "";
    }
}
