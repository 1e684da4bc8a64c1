package org.jbuildkit.dockerfile.parser;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits an instruction's arguments the way upstream's per-instruction line parsers do ({@code line_parsers.go}):
 * see {@link Node} for what each instruction's {@code args} hold. Nothing is expanded or unquoted here except
 * JSON strings.
 */
final class LineParsers {
    private static final JsonFactory JSON = new JsonFactory();

    private LineParsers() {
    }

    /** Parses one instruction's line (continuations joined, comments removed). */
    static RawNode parseLine(String line, Escape escape) throws LineException {
        CommandLine cmd = CommandLine.split(line, escape);
        String rest = cmd.rest();
        Args a = switch (cmd.keyword().toLowerCase(Locale.ROOT)) {
            case "add", "copy", "volume" -> maybeJsonToList(rest);
            case "run", "cmd", "entrypoint", "shell" -> maybeJson(rest);
            case "env" -> nameValues(rest, "ENV", escape);
            case "label" -> nameValues(rest, "LABEL", escape);
            case "from", "expose" -> new Args(whitespaceDelimited(rest), false, false, null);
            case "arg" -> new Args(words(rest, escape), false, false, null);
            case "workdir", "user", "maintainer", "stopsignal" ->
                    new Args(rest.isEmpty() ? List.of() : List.of(rest), false, false, null);
            case "healthcheck" -> healthConfig(rest);
            case "onbuild" -> new Args(List.of(), false, false, rest.isEmpty() ? null : parseLine(rest, escape));
            default -> new Args(List.of(), false, false, null);
        };
        return new RawNode(cmd.keyword(), cmd.flags(), a.args, a.json, a.legacy, a.child, line);
    }

    private record Args(List<String> args, boolean json, boolean legacy, RawNode child) {
    }

    private static Args maybeJson(String rest) throws LineException {
        if (rest.isEmpty()) {
            return new Args(List.of(), false, false, null);
        }
        List<String> json = jsonArray(rest);
        if (json != null) {
            return new Args(json, true, false, null);
        }
        return new Args(List.of(rest), false, false, null);
    }

    private static Args maybeJsonToList(String rest) throws LineException {
        List<String> json = jsonArray(rest);
        if (json != null) {
            return new Args(json, true, false, null);
        }
        return new Args(whitespaceDelimited(rest), false, false, null);
    }

    /** HEALTHCHECK: the first word (NONE, CMD…), then the command as for RUN. */
    private static Args healthConfig(String rest) throws LineException {
        int sep = 0;
        while (sep < rest.length() && !GoText.isSpace(rest.charAt(sep))) {
            sep++;
        }
        if (sep == 0) {
            return new Args(List.of(), false, false, null);
        }
        int next = sep;
        while (next < rest.length() && GoText.isSpace(rest.charAt(next))) {
            next++;
        }
        Args cmd = maybeJson(rest.substring(next));
        List<String> args = new ArrayList<>();
        args.add(rest.substring(0, sep));
        args.addAll(cmd.args);
        return new Args(args, cmd.json, false, null);
    }

    /**
     * The JSON array's strings, or {@code null} when {@code rest} is not a JSON array (then it is shell form, as
     * upstream: an unterminated {@code [} is not an error).
     *
     * @throws LineException when it is a JSON array holding something other than strings
     */
    static List<String> jsonArray(String rest) throws LineException {
        String text = GoText.trimLeft(rest);
        if (!text.startsWith("[")) {
            return null;
        }
        List<String> values = new ArrayList<>();
        boolean notString = false;
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    return null;
                }
                if (t == JsonToken.VALUE_STRING) {
                    values.add(p.getText());
                } else {
                    notString = true;
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        if (notString) {
            throw LineException.near("when using JSON array syntax, arrays must be comprised of strings only",
                    "quote every element, e.g. [\"sleep\", \"10\"]", "[");
        }
        return values;
    }

    /** ENV and LABEL: {@code key=value…} pairs, or the legacy {@code key value} (one pair, the rest of the line). */
    private static Args nameValues(String rest, String command, Escape escape) throws LineException {
        List<String> words = words(rest, escape);
        if (words.isEmpty()) {
            return new Args(List.of(), false, false, null);
        }
        if (!words.get(0).contains("=")) {
            List<String> parts = GoText.splitBlank(rest, 2);
            if (parts.size() < 2) {
                throw LineException.near(command + " must have two arguments",
                        "write " + command + " " + parts.get(0) + "=<value>", parts.get(0));
            }
            return new Args(List.of(parts.get(0), parts.get(1)), false, true, null);
        }
        List<String> args = new ArrayList<>();
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                throw LineException.near("Syntax error - can't find = in \"" + word
                        + "\". Must be of the form: name=value", "write " + word + "=<value>", word);
            }
            args.add(word.substring(0, eq));
            args.add(word.substring(eq + 1));
        }
        return new Args(args, false, false, null);
    }

    private static List<String> whitespaceDelimited(String rest) {
        if (rest.isEmpty()) {
            return List.of();
        }
        return GoText.splitBlank(rest, -1);
    }

    private enum Phase { SPACES, WORD, QUOTE }

    /**
     * Upstream's {@code parseWords}: words separated by unquoted whitespace, quotes and escapes kept as written
     * (an escape at the very end is dropped).
     */
    static List<String> words(String rest, Escape escape) {
        char esc = escape.token();
        List<String> words = new ArrayList<>();
        Phase phase = Phase.SPACES;
        int quote = 0;
        boolean blankOk = false;
        StringBuilder sb = new StringBuilder();
        int n = rest.length();
        int width = 0;
        for (int pos = 0; pos <= n; pos += width) {
            int ch = 0;
            if (pos != n) {
                ch = rest.codePointAt(pos);
                width = Character.charCount(ch);
            }
            if (phase == Phase.SPACES) {
                if (pos == n) {
                    break;
                }
                if (GoText.isSpace(ch)) {
                    continue;
                }
                phase = Phase.WORD;
            }
            if (pos == n) {
                if (blankOk || sb.length() > 0) {
                    words.add(sb.toString());
                }
                break;
            }
            if (phase == Phase.WORD) {
                if (GoText.isSpace(ch)) {
                    phase = Phase.SPACES;
                    if (blankOk || sb.length() > 0) {
                        words.add(sb.toString());
                    }
                    sb.setLength(0);
                    blankOk = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    phase = Phase.QUOTE;
                }
                if (ch == esc) {
                    if (pos + width == n) {
                        continue;
                    }
                    sb.appendCodePoint(ch);
                    pos += width;
                    ch = rest.codePointAt(pos);
                    width = Character.charCount(ch);
                }
                sb.appendCodePoint(ch);
                continue;
            }
            // inside quotes
            if (ch == quote) {
                phase = Phase.WORD;
            }
            if (ch == esc && quote != '\'') {
                if (pos + width == n) {
                    phase = Phase.WORD;
                    continue;
                }
                pos += width;
                sb.appendCodePoint(ch);
                ch = rest.codePointAt(pos);
                width = Character.charCount(ch);
            }
            sb.appendCodePoint(ch);
        }
        return words;
    }
}
