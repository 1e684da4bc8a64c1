package org.jbuildkit.dockerfile.shell;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jbuildkit.dockerfile.shell.ShellLex.ShellSyntaxException;
import org.jbuildkit.dockerfile.shell.ShellPattern.InvalidPatternException;

/**
 * One run of the lexer over one word (upstream's {@code shellWord}): reads it once, expanding {@code $} forms and
 * removing quotes and escapes, and remembers which variables it looked up. Errors carry upstream's bare message;
 * {@link ShellLex} adds the word.
 */
final class ShellWord {
    private static final int EOF = CodePointScanner.EOF;

    private final ShellLex.Options options;
    private final int escape;
    private final CodePointScanner scanner;
    private final Map<String, String> env;
    private final Set<String> matched = new LinkedHashSet<>();
    private final Set<String> unmatched = new LinkedHashSet<>();
    private boolean rawEscapes;

    ShellWord(ShellLex.Options options, char escape, String word, Map<String, String> env) {
        this.options = options;
        this.escape = escape;
        this.scanner = new CodePointScanner(word);
        this.env = env;
        this.rawEscapes = options.rawEscapes();
    }

    record Result(String word, List<String> words) {
    }

    Result process() throws ShellSyntaxException {
        return processStopOn(EOF, rawEscapes);
    }

    Set<String> matched() {
        return matched;
    }

    Set<String> unmatched() {
        return unmatched;
    }

    /** Reads up to {@code stopChar} (consumed) or the end of the word when it is {@link CodePointScanner#EOF}. */
    private Result processStopOn(int stopChar, boolean raw) throws ShellSyntaxException {
        boolean saved = rawEscapes;
        rawEscapes = raw;
        try {
            return readUntil(stopChar);
        } finally {
            rawEscapes = saved;
        }
    }

    private Result readUntil(int stopChar) throws ShellSyntaxException {
        StringBuilder result = new StringBuilder();
        WordSplitter words = new WordSplitter();
        while (scanner.peek() != EOF) {
            int ch = scanner.peek();
            if (stopChar != EOF && ch == stopChar) {
                scanner.next();
                return new Result(result.toString(), words.words());
            }
            String special = processSpecial(ch);
            if (special != null) {
                result.append(special);
                if (ch == '$') {
                    words.addString(special);
                } else {
                    words.addRawString(special);
                }
                continue;
            }
            ch = scanner.next();
            if (ch == escape) {
                if (rawEscapes) {
                    words.addRawChar(ch);
                    result.appendCodePoint(ch);
                }
                ch = scanner.next();
                if (ch == EOF) {
                    break;
                }
                words.addRawChar(ch);
            } else {
                words.addChar(ch);
            }
            result.appendCodePoint(ch);
        }
        if (stopChar != EOF) {
            throw new ShellSyntaxException(
                    "unexpected end of statement while looking for matching " + GoUnicode.string(stopChar));
        }
        return new Result(result.toString(), words.words());
    }

    /** The text of a {@code $}, quote or {@code <<} starting at the next character, or null if it starts none. */
    private String processSpecial(int ch) throws ShellSyntaxException {
        return switch (ch) {
            case '$' -> processDollar();
            case '<' -> processPossibleHeredoc();
            case '\'' -> options.skipProcessQuotes() ? null : processSingleQuote();
            case '"' -> options.skipProcessQuotes() ? null : processDoubleQuote();
            default -> null;
        };
    }

    /** Everything up to the next single quote, as it is: not even the escape character escapes in there. */
    private String processSingleQuote() throws ShellSyntaxException {
        StringBuilder result = new StringBuilder();
        int ch = scanner.next();
        if (options.rawQuotes()) {
            result.appendCodePoint(ch);
        }
        while (true) {
            ch = scanner.next();
            if (ch == EOF) {
                throw new ShellSyntaxException("unexpected end of statement while looking for matching single-quote");
            }
            if (ch == '\'') {
                if (options.rawQuotes()) {
                    result.appendCodePoint(ch);
                }
                return result.toString();
            }
            result.appendCodePoint(ch);
        }
    }

    /**
     * Up to the next unescaped double quote, {@code $} forms expanded; the escape character escapes only {@code "},
     * {@code $} and itself, before anything else it stays.
     */
    private String processDoubleQuote() throws ShellSyntaxException {
        StringBuilder result = new StringBuilder();
        int ch = scanner.next();
        if (options.rawQuotes()) {
            result.appendCodePoint(ch);
        }
        while (true) {
            switch (scanner.peek()) {
                case EOF -> throw new ShellSyntaxException(
                        "unexpected end of statement while looking for matching double-quote");
                case '"' -> {
                    ch = scanner.next();
                    if (options.rawQuotes()) {
                        result.appendCodePoint(ch);
                    }
                    return result.toString();
                }
                case '$' -> result.append(processDollar());
                default -> {
                    ch = scanner.next();
                    if (ch == escape) {
                        if (rawEscapes) {
                            result.appendCodePoint(ch);
                        }
                        int next = scanner.peek();
                        if (next == EOF) {
                            continue;
                        }
                        if (next == '"' || next == '$' || next == escape) {
                            ch = scanner.next();
                        }
                    }
                    result.appendCodePoint(ch);
                }
            }
        }
    }

    private String processDollar() throws ShellSyntaxException {
        scanner.next();
        if (scanner.peek() != '{') {
            String name = processName();
            if (name.isEmpty()) {
                return "$";
            }
            String value = getEnv(name);
            if (value == null && options.skipUnsetEnv()) {
                return "$" + name;
            }
            return value == null ? "" : value;
        }
        scanner.next();
        switch (scanner.peek()) {
            case EOF:
                throw new ShellSyntaxException("syntax error: missing '}'");
            case '{', '}', ':':
                throw new ShellSyntaxException("syntax error: bad substitution");
            default:
                break;
        }
        String name = processName();
        int ch = scanner.next();
        String chs = GoUnicode.string(ch);
        switch (ch) {
            case '}': {
                String value = getEnv(name);
                if (value == null && options.skipUnsetEnv()) {
                    return "${" + name + "}";
                }
                return value == null ? "" : value;
            }
            case ':':
                ch = scanner.next();
                chs += GoUnicode.string(ch);
                return processModifier(name, ch, chs, true);
            case '+', '-', '?', '#', '%':
                return processModifier(name, ch, chs, false);
            case '/':
                return processReplace(name);
            default:
                throw unsupportedModifier(chs);
        }
    }

    /** {@code ${name<op>word}} once {@code <op>} is read: {@code -}, {@code +}, {@code ?}, {@code #}, {@code %}. */
    private String processModifier(String name, int ch, String chs, boolean nullIsUnset)
            throws ShellSyntaxException {
        boolean patternOp = ch == '#' || ch == '%';
        if (nullIsUnset && patternOp) {
            throw unsupportedModifier(chs);
        }
        String word = processStopOnBrace(patternOp, "syntax error: missing '}'");
        String value = getEnv(name);
        boolean set = value != null;
        if (!set && options.skipUnsetEnv()) {
            return "${" + name + chs + word + "}";
        }
        if (!set) {
            value = "";
        }
        boolean empty = !set || (nullIsUnset && value.isEmpty());
        switch (ch) {
            case '-':
                return empty ? word : value;
            case '+':
                return empty ? "" : word;
            case '?':
                if (!set) {
                    throw new ShellSyntaxException(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                }
                if (empty) {
                    throw new ShellSyntaxException(name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
                }
                return value;
            case '#', '%': {
                boolean greedy = !word.isEmpty() && word.charAt(0) == ch;
                String pattern = greedy ? word.substring(1) : word;
                try {
                    return ch == '%'
                            ? ShellPattern.trimSuffix(pattern, value, greedy)
                            : ShellPattern.trimPrefix(pattern, value, greedy);
                } catch (InvalidPatternException e) {
                    throw invalidPattern(pattern, e);
                }
            }
            default:
                throw unsupportedModifier(chs);
        }
    }

    /** {@code ${name/pattern/replacement}} and {@code ${name//pattern/replacement}} once the first {@code /} is read. */
    private String processReplace(String name) throws ShellSyntaxException {
        boolean replaceAll = scanner.peek() == '/';
        if (replaceAll) {
            scanner.next();
        }
        String pattern = processStopOn('/', "syntax error: missing '/' in ${}");
        String replacement = processStopOnBrace(true, "syntax error: missing '}'");
        String value = getEnv(name);
        if (value == null && options.skipUnsetEnv()) {
            return "${" + name + "/" + pattern + "/" + replacement + "}";
        }
        if (value == null) {
            value = "";
        }
        ShellPattern compiled;
        try {
            compiled = ShellPattern.compile(pattern, true, false);
        } catch (InvalidPatternException e) {
            throw invalidPattern(pattern, e);
        }
        return replaceAll ? compiled.replaceAll(value, replacement) : compiled.replaceFirst(value, replacement);
    }

    private String processStopOnBrace(boolean raw, String atEnd) throws ShellSyntaxException {
        return processStopOn('}', raw, atEnd);
    }

    private String processStopOn(int stopChar, String atEnd) throws ShellSyntaxException {
        return processStopOn(stopChar, true, atEnd);
    }

    /** A nested read; an error at the end of the word becomes {@code atEnd}, as upstream. */
    private String processStopOn(int stopChar, boolean raw, String atEnd) throws ShellSyntaxException {
        try {
            return processStopOn(stopChar, raw).word();
        } catch (ShellSyntaxException e) {
            if (scanner.peek() == EOF) {
                throw new ShellSyntaxException(atEnd);
            }
            throw e;
        }
    }

    /**
     * A variable name: letters, digits and {@code _}; a run of digits (positional parameter) or one special parameter
     * character when it starts with one.
     */
    private String processName() {
        StringBuilder name = new StringBuilder();
        while (scanner.peek() != EOF) {
            int ch = scanner.peek();
            if (name.length() == 0 && GoUnicode.isDigit(ch)) {
                while (scanner.peek() != EOF && GoUnicode.isDigit(scanner.peek())) {
                    name.appendCodePoint(scanner.next());
                }
                return name.toString();
            }
            if (name.length() == 0 && isSpecialParam(ch)) {
                return GoUnicode.string(scanner.next());
            }
            if (!GoUnicode.isLetter(ch) && !GoUnicode.isDigit(ch) && ch != '_') {
                break;
            }
            name.appendCodePoint(scanner.next());
        }
        return name.toString();
    }

    /** {@code <<} and the blanks after it stay together so that a heredoc marker is one word. */
    private String processPossibleHeredoc() {
        scanner.next();
        if (scanner.peek() != '<') {
            return "<";
        }
        scanner.next();
        StringBuilder result = new StringBuilder("<<");
        while (scanner.peek() == '\t' || scanner.peek() == '\r' || scanner.peek() == ' ') {
            result.appendCodePoint(scanner.next());
        }
        return result.toString();
    }

    /** The POSIX special parameters ({@code $@ $* $# $? $- $$ $! $0}); never set in a Dockerfile. */
    private static boolean isSpecialParam(int ch) {
        return switch (ch) {
            case '@', '*', '#', '?', '-', '$', '!', '0' -> true;
            default -> false;
        };
    }

    /** The value, or null when unset; records the name as matched or unmatched. */
    private String getEnv(String name) {
        String value = env.get(name);
        if (value != null) {
            matched.add(name);
        } else {
            unmatched.add(name);
        }
        return value;
    }

    private static ShellSyntaxException unsupportedModifier(String chs) {
        return new ShellSyntaxException("unsupported modifier (" + chs + ") in substitution");
    }

    private static ShellSyntaxException invalidPattern(String pattern, InvalidPatternException e) {
        return new ShellSyntaxException("invalid pattern (" + pattern + ") in substitution: " + e.getMessage());
    }
}
