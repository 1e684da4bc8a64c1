package org.jbuildkit.dockerfile.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the here-documents an instruction's line opens, as upstream's {@code heredocsFromLine}: the line is split
 * into shell words (quotes and escapes kept, always with {@code \} as the escape), and each word of the form
 * {@code [n]<<[-]NAME} opens one. A delimiter with any quoted part ({@code <<"EOF"}, {@code <<'EOF'},
 * {@code <<E"O"F}) turns expansion off.
 */
final class HeredocWords {
    private static final Pattern HEREDOC = Pattern.compile("\\A(\\d*)<<(-?)[ \\t\\n\\f\\r]*([^<]*)\\z", Pattern.DOTALL);

    private HeredocWords() {
    }

    /** A heredoc opened on the line: its delimiter, whether to expand, whether {@code <<-}, and its word's column. */
    record Opening(String name, boolean expand, boolean chomp, int column) {
    }

    static List<Opening> find(String line) {
        List<Opening> found = new ArrayList<>();
        for (Word w : rawWords(line)) {
            Matcher m = HEREDOC.matcher(w.text);
            if (!m.find() || m.group(3).isEmpty()) {
                continue;
            }
            String rest = m.group(3);
            List<Word> unquoted = words(rest, false);
            if (unquoted.size() != 1) {
                continue;
            }
            String name = unquoted.get(0).text;
            String raw = words(rest, true).get(0).text;
            boolean expand = quotes(name) == quotes(raw);
            found.add(new Opening(name, expand, m.group(2).equals("-"), w.column));
        }
        return found;
    }

    private static int quotes(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\'' || s.charAt(i) == '"') {
                n++;
            }
        }
        return n;
    }

    private record Word(String text, int column) {
    }

    private static List<Word> rawWords(String line) {
        return words(line, true);
    }

    /** Shell words of {@code text}; {@code raw} keeps quotes and escapes, else they are removed. */
    private static List<Word> words(String text, boolean raw) {
        List<Word> words = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        boolean inWord = false;
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char ch = text.charAt(i);
            if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
                if (inWord) {
                    words.add(new Word(sb.toString(), start));
                    sb.setLength(0);
                    inWord = false;
                }
                continue;
            }
            if (!inWord) {
                inWord = true;
                start = i;
            }
            if (ch == '\'') {
                int end = text.indexOf('\'', i + 1);
                end = end < 0 ? n - 1 : end;
                sb.append(raw ? text.substring(i, end + 1) : text.substring(i + 1, Math.max(i + 1, end)));
                i = end;
            } else if (ch == '"') {
                if (raw) {
                    sb.append('"');
                }
                i++;
                while (i < n && text.charAt(i) != '"') {
                    char c = text.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        char next = text.charAt(i + 1);
                        if (raw || (next != '"' && next != '$' && next != '\\' && next != '`')) {
                            sb.append(c);
                        }
                        sb.append(next);
                        i += 2;
                        continue;
                    }
                    sb.append(c);
                    i++;
                }
                if (raw && i < n) {
                    sb.append('"');
                }
            } else if (ch == '\\' && i + 1 < n) {
                if (raw) {
                    sb.append(ch);
                }
                sb.append(text.charAt(++i));
            } else {
                sb.append(ch);
            }
        }
        if (inWord) {
            words.add(new Word(sb.toString(), start));
        }
        return words;
    }
}
