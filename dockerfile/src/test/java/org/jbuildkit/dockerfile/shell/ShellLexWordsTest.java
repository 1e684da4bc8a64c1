package org.jbuildkit.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jbuildkit.dockerfile.shell.ShellLex.ShellSyntaxException;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ShellLex#processWords}: expansion first, then a split on whitespace that was neither quoted nor escaped. */
class ShellLexWordsTest {
    private static final Map<String, String> ENV = Map.of("V", "abc", "E", "", "S", "a b", "T", "  x  y  ");

    static Stream<Arguments> words() {
        return Stream.of(
                bs("a b  c", "a", "b", "c"),
                bs("  a  ", "a"),
                bs("", new String[0]),
                bs("   ", new String[0]),
                bs("a\tb\nc\rd", "a", "b", "c", "d"),
                bs("a\u00a0b\u2003c", "a", "b", "c"),
                bs("\"a b\" c", "a b", "c"),
                bs("'a  b' c", "a  b", "c"),
                bs("a\\ b c", "a b", "c"),
                bs("$S", "a", "b"),
                bs("\"$S\"", "a b"),
                bs("x$S", "xa", "b"),
                bs("$T", "x", "y"),
                bs("\"$T\"", "  x  y  "),
                bs("${U:-x y}", "x", "y"),
                bs("\"${U:-x y}\"", "x y"),
                bs("${U:-\"x y\"}", "x", "y"),
                bs("ab${U:-x}", "abx"),
                bs("ab${V:+x}cd", "abxcd"),
                bs("a${E}b", "ab"),
                bs("$E", new String[0]),
                bs("\"$E\"", new String[0]),
                bs("\"\"", new String[0]),
                bs("'' ''", new String[0]),
                bs("x\"\" y", "x", "y"),
                bs("\"\"x", "x"),
                bs("<< EOF", "<< EOF"),
                bs("<<EOF x", "<<EOF", "x"),
                bs("a<b c", "a<b", "c"),
                bs("$V \"$V\" '$V'", "abc", "abc", "$V"),
                bt("a` b c", "a b", "c"),
                bt("a\\ b", "a\\", "b"),
                bt("\"a b\"`\"", "a b\""));
    }

    @ParameterizedTest
    @MethodSource
    void words(char escape, String text, List<String> expected) throws ShellSyntaxException {
        assertThat(new ShellLex(escape).processWords(text, ENV).words()).isEqualTo(expected);
    }

    @Test
    void theHeredocParsersLexerKeepsQuotesEscapesAndUnsetReferences() throws ShellSyntaxException {
        ShellLex lex = new ShellLex('\\').withRawQuotes().withRawEscapes().withSkipUnsetEnv();
        assertThat(lex.processWords("RUN <<EOF cat \"a b\" a\\ b $X ${Y:-z} $V", ENV).words())
                .containsExactly("RUN", "<<EOF", "cat", "\"a b\"", "a\\ b", "$X", "${Y:-z}", "abc");
    }

    @Test
    void aQuotedHeredocMarkerLosesItsQuotesOnlyWithoutRawQuotes() throws ShellSyntaxException {
        ShellLex lex = new ShellLex('\\').withSkipUnsetEnv();
        assertThat(lex.processWords("<<\"EOF\"", Map.of()).words()).containsExactly("<<EOF");
        assertThat(lex.withRawQuotes().processWords("<<\"EOF\"", Map.of()).words()).containsExactly("<<\"EOF\"");
        assertThat(lex.withRawQuotes().processWords("<<'E$F'", Map.of()).words()).containsExactly("<<'E$F'");
    }

    private static Arguments bs(String text, String... words) {
        return Arguments.of('\\', Named.of("\\ " + text, text), List.of(words));
    }

    private static Arguments bt(String text, String... words) {
        return Arguments.of('`', Named.of("` " + text, text), List.of(words));
    }
}
