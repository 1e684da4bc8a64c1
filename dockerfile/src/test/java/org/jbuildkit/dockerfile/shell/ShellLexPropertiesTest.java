package org.jbuildkit.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.jbuildkit.dockerfile.shell.ShellLex.Expansion;
import org.jbuildkit.dockerfile.shell.ShellLex.ShellSyntaxException;
import org.junit.jupiter.api.Test;

/**
 * Properties over many generated words (a fixed seed, so a failure repeats; jqwik is not among the build's
 * dependencies).
 */
class ShellLexPropertiesTest {
    private static final int TRIES = 2_000;
    private static final String PLAIN = "abcXYZ019_-./:=@,+%#{}[]*?!~ \t한👽";
    private static final String ANY = PLAIN + "$'\"\\`<";

    private final Random random = new Random(0x5e11L);

    @Test
    void aWordWithoutDollarQuoteEscapeOrLessThanIsReturnedUnchanged() throws ShellSyntaxException {
        for (int i = 0; i < TRIES; i++) {
            String word = randomString(PLAIN, 12);
            for (char escape : new char[] {'\\', '`'}) {
                Expansion expansion = new ShellLex(escape).processWord(word, Map.of("a", "x"));
                assertThat(expansion.result()).as("%s", word).isEqualTo(word);
                assertThat(expansion.matched()).isEmpty();
                assertThat(expansion.unmatched()).isEmpty();
            }
        }
    }

    @Test
    void singleQuotesGiveBackAnythingWithoutASingleQuote() throws ShellSyntaxException {
        for (int i = 0; i < TRIES; i++) {
            String text = randomString(ANY.replace("'", ""), 12);
            assertThat(new ShellLex('\\').processWord("'" + text + "'", Map.of()).result()).isEqualTo(text);
        }
    }

    @Test
    void escapingEveryCharacterGivesTheTextBack() throws ShellSyntaxException {
        for (int i = 0; i < TRIES; i++) {
            String text = randomString(ANY, 12);
            for (char escape : new char[] {'\\', '`'}) {
                StringBuilder escaped = new StringBuilder();
                text.codePoints().forEach(ch -> escaped.append(escape).appendCodePoint(ch));
                ShellLex lex = new ShellLex(escape);
                assertThat(lex.processWord(escaped.toString(), Map.of()).result()).isEqualTo(text);
                assertThat(lex.processWords(escaped.toString(), Map.of()).words())
                        .isEqualTo(text.isEmpty() ? List.of() : List.of(text));
            }
        }
    }

    @Test
    void aVariableExpandsToItsValueAndQuotedStaysOneWord() throws ShellSyntaxException {
        for (int i = 0; i < TRIES; i++) {
            String value = randomString(ANY, 10);
            Map<String, String> env = Map.of("V", value);
            ShellLex lex = new ShellLex('\\');
            assertThat(lex.processWord("${V}", env).result()).isEqualTo(value);
            assertThat(lex.processWord("\"$V\"", env).result()).isEqualTo(value);
            assertThat(lex.processWord("${V:-unused}", env).result()).isEqualTo(value.isEmpty() ? "unused" : value);
            assertThat(lex.processWords("\"$V\"", env).words()).isEqualTo(value.isEmpty() ? List.of() : List.of(value));
        }
    }

    @Test
    void plainWordsSplitOnAnyRunOfWhitespace() throws ShellSyntaxException {
        String wordChars = PLAIN.replace(" ", "").replace("\t", "");
        for (int i = 0; i < TRIES; i++) {
            List<String> words = new ArrayList<>();
            StringBuilder text = new StringBuilder(randomString(" \t\n", 3));
            for (int n = random.nextInt(5); n > 0; n--) {
                String word = randomString(wordChars, 6);
                if (!word.isEmpty()) {
                    words.add(word);
                    text.append(word).append(' ').append(randomString(" \t\n", 3));
                }
            }
            assertThat(new ShellLex('\\').processWords(text.toString(), Map.of()).words()).isEqualTo(words);
        }
    }

    @Test
    void aLiteralPrefixOrSuffixIsRemovedExactlyWhenPresent() throws ShellSyntaxException {
        String literal = "abc.-/";
        for (int i = 0; i < TRIES; i++) {
            String value = randomString(literal, 8);
            String affix = randomString(literal, 3);
            Map<String, String> env = Map.of("V", value, "P", affix);
            ShellLex lex = new ShellLex('\\');
            String noPrefix = value.startsWith(affix) ? value.substring(affix.length()) : value;
            String noSuffix = value.endsWith(affix) ? value.substring(0, value.length() - affix.length()) : value;
            assertThat(lex.processWord("${V#$P}", env).result()).isEqualTo(noPrefix);
            assertThat(lex.processWord("${V##$P}", env).result()).isEqualTo(noPrefix);
            assertThat(lex.processWord("${V%$P}", env).result()).isEqualTo(noSuffix);
            assertThat(lex.processWord("${V%%$P}", env).result()).isEqualTo(noSuffix);
            assertThat(lex.processWord("${V//$P/}", env).result())
                    .isEqualTo(affix.isEmpty() ? value : value.replace(affix, ""));
        }
    }

    private String randomString(String alphabet, int maxLength) {
        int[] chars = alphabet.codePoints().toArray();
        StringBuilder out = new StringBuilder();
        for (int n = random.nextInt(maxLength + 1); n > 0; n--) {
            out.appendCodePoint(chars[random.nextInt(chars.length)]);
        }
        return out.toString();
    }
}
