package org.jbuildkit.registry.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme such as {@code Bearer}
 * or {@code Basic} and its parameters, e.g. {@code realm}, {@code service}, {@code scope},
 * {@code error}. Scheme and parameter names are case-insensitive and kept in lower case.
 */
public record AuthChallenge(String scheme, Map<String, String> params) {

    public AuthChallenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public boolean isBearer() {
        return scheme.equals("bearer");
    }

    public boolean isBasic() {
        return scheme.equals("basic");
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Every challenge in every header, in order; unparseable parts are skipped, never fatal. */
    public static List<AuthChallenge> parseAll(List<String> headerValues) {
        var challenges = new ArrayList<AuthChallenge>();
        for (String value : headerValues) {
            challenges.addAll(parse(value));
        }
        return challenges;
    }

    /**
     * Parses one header value, which may hold several comma-separated challenges:
     * {@code Bearer realm="https://a/token",service="a", Basic realm="x"}. Quoted values may
     * contain commas and backslash escapes.
     */
    public static List<AuthChallenge> parse(String headerValue) {
        return new ChallengeParser(headerValue).parse();
    }

    /** A hand-written tokenizer: the grammar mixes list commas with parameter commas. */
    private static final class ChallengeParser {
        private final String s;
        private int pos;

        ChallengeParser(String s) {
            this.s = s == null ? "" : s;
        }

        List<AuthChallenge> parse() {
            var challenges = new ArrayList<AuthChallenge>();
            String scheme = null;
            Map<String, String> params = new LinkedHashMap<>();
            while (true) {
                skipSeparators();
                if (pos >= s.length()) {
                    break;
                }
                String token = token();
                if (token.isEmpty()) {
                    pos++; // a stray character; skip it rather than give up on the header
                    continue;
                }
                skipSpaces();
                if (scheme != null && pos < s.length() && s.charAt(pos) == '=') {
                    pos++;
                    skipSpaces();
                    params.put(token.toLowerCase(Locale.ROOT), value());
                    continue;
                }
                if (scheme != null) {
                    challenges.add(new AuthChallenge(scheme, params));
                    params = new LinkedHashMap<>();
                }
                scheme = token;
                skipToken68();
            }
            if (scheme != null) {
                challenges.add(new AuthChallenge(scheme, params));
            }
            return challenges;
        }

        /** A token68 credential after a scheme ({@code Negotiate abc==}) carries no parameters we use. */
        private void skipToken68() {
            int save = pos;
            String t = token();
            skipSpaces();
            if (!t.isEmpty() && (pos >= s.length() || s.charAt(pos) == ',') ) {
                return;
            }
            if (!t.isEmpty() && pos < s.length() && s.charAt(pos) == '=') {
                int afterEquals = pos;
                while (pos < s.length() && s.charAt(pos) == '=') {
                    pos++;
                }
                skipSpaces();
                if (pos >= s.length() || s.charAt(pos) == ',') {
                    return; // "abc==" was a token68
                }
                pos = afterEquals;
            }
            pos = save;
        }

        private String value() {
            if (pos < s.length() && s.charAt(pos) == '"') {
                pos++;
                var out = new StringBuilder();
                while (pos < s.length() && s.charAt(pos) != '"') {
                    char c = s.charAt(pos++);
                    if (c == '\\' && pos < s.length()) {
                        c = s.charAt(pos++);
                    }
                    out.append(c);
                }
                pos++; // closing quote (or end of input)
                return out.toString();
            }
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != ',' && !Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private String token() {
            int start = pos;
            while (pos < s.length() && isTokenChar(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private void skipSpaces() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private void skipSeparators() {
            while (pos < s.length() && (Character.isWhitespace(s.charAt(pos)) || s.charAt(pos) == ',')) {
                pos++;
            }
        }

        private static boolean isTokenChar(char c) {
            return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={} ".indexOf(c) < 0
                    || c == '/' || c == ':'; // lenient: unquoted realms such as https://host/token
        }
    }
}
