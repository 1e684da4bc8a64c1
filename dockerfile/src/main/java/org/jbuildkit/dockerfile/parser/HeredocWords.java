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
        for (Word w : words(line, true)) {
            Opening opening = parseWord(w.text, w.column);
            if (opening != null) {
                found.add(opening);
            }
        }
        return found;
    }

    /**
     * The heredoc {@code word} opens ({@code <<EOF}, {@code <<-'EOF'}, {@code 3<<EOF}, {@code << EOF}), or
     * {@code null} when it is not one (also for an unterminated quote, as upstream's {@code MustParseHeredoc}).
     */
    static Opening parseWord(String word, int column) {
        Matcher m = HEREDOC.matcher(word);
        if (!m.find() || m.group(3).isEmpty()) {
            return null;
        }
        String rest = m.group(3);
        List<Word> unquoted = words(rest, false);
        List<Word> raw = words(rest, true);
        if (unquoted.size() != 1 || raw.size() != 1) {
            return null;
        }
        String name = unquoted.get(0).text;
        boolean expand = quotes(name) == quotes(raw.get(0).text);
        return new Opening(name, expand, m.group(2).equals("-"), column);
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

    /**
     * Shell words of {@code text} as upstream's lexer splits them with no variables set: {@code raw} keeps quotes
     * and escapes, else they are removed; {@code <<} and the blanks after it stay in the word that follows. An
     * unterminated quote makes the whole text yield no words, as upstream's lexer fails then.
     */
    private static List<Word> words(String text, boolean raw) {
        List<Word> words = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        boolean inWord = false;
        int start = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            char ch = text.charAt(i);
            int before = i;
            if (ch == '<' || ch == '\'' || ch == '"' || ch == '\\') {
                if (!inWord) {
                    start = before;
                }
                inWord = true;
            }
            if (ch == '<') {
                i++;
                sb.append('<');
                if (i < n && text.charAt(i) == '<') {
                    sb.append('<');
                    i++;
                    while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\r')) {
                        sb.append(text.charAt(i++));
                    }
                }
            } else if (ch == '\'') {
                int close = text.indexOf('\'', i + 1);
                if (close < 0) {
                    return List.of();
                }
                sb.append(raw ? text.substring(i, close + 1) : text.substring(i + 1, close));
                i = close + 1;
            } else if (ch == '"') {
                if (raw) {
                    sb.append('"');
                }
                i++;
                while (true) {
                    if (i >= n) {
                        return List.of();
                    }
                    char c = text.charAt(i);
                    if (c == '"') {
                        if (raw) {
                            sb.append('"');
                        }
                        i++;
                        break;
                    }
                    i++;
                    if (c == '\\') {
                        if (raw) {
                            sb.append(c);
                        }
                        if (i >= n) {
                            continue;
                        }
                        char next = text.charAt(i);
                        if (next == '"' || next == '$' || next == '\\') {
                            sb.append(next);
                            i++;
                        } else {
                            sb.append(c); // left as-is (upstream's raw mode writes it twice)
                        }
                        continue;
                    }
                    sb.append(c);
                }
            } else if (ch == '\\') {
                i++;
                if (raw) {
                    sb.append(ch);
                }
                if (i >= n) {
                    break;
                }
                sb.append(text.charAt(i++));
            } else {
                i++;
                if (GoText.isSpace(ch)) {
                    if (inWord && sb.length() > 0) {
                        words.add(new Word(sb.toString(), start));
                        sb.setLength(0);
                        inWord = false;
                    }
                } else {
                    if (!inWord) {
                        start = before;
                    }
                    inWord = true;
                    sb.append(ch);
                }
            }
        }
        if (sb.length() > 0) {
            words.add(new Word(sb.toString(), start));
        }
        return words;
    }
}
