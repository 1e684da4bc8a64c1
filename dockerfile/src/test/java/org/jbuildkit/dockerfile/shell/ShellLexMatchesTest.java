package org.jbuildkit.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jbuildkit.dockerfile.shell.ShellLex.Expansion;
import org.jbuildkit.dockerfile.shell.ShellLex.ShellSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The names a word referenced, set ({@code matched}) or not ({@code unmatched}), as upstream's lexer reports them
 * for the UndefinedVar check: every lookup counts, including one with a default.
 */
class ShellLexMatchesTest {
    private static final Map<String, String> ENV = Map.of("FOO", "xxx", "BAR", "", "TARGETARCH", "arm64");

    static Stream<Arguments> references() {
        return Stream.of(
                Arguments.of("x", "x", List.of(), List.of()),
                Arguments.of("x ${UNUSED}", "x ", List.of(), List.of("UNUSED")),
                Arguments.of("x ${FOO}", "x xxx", List.of("FOO"), List.of()),
                Arguments.of("${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}", "xxx  ccc", List.of("FOO", "BAR"), List.of("BAZ")),
                Arguments.of("${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}", "xxx bbb ccc", List.of("FOO", "BAR"),
                        List.of("BAZ")),
                Arguments.of("${FOO:-}", "xxx", List.of("FOO"), List.of()),
                Arguments.of("${BAZ:-}", "", List.of(), List.of("BAZ")),
                Arguments.of("${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}", "aaa bbb ", List.of("FOO", "BAR"), List.of("BAZ")),
                Arguments.of("${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}", "aaa  ", List.of("FOO", "BAR"), List.of("BAZ")),
                Arguments.of("${BAR?bbb}", "", List.of("BAR"), List.of()),
                Arguments.of("${FOO#$BAR}", "xxx", List.of("BAR", "FOO"), List.of()),
                Arguments.of("${ABC:-.}${FOO%x}${ABC:-.}", ".xx.", List.of("FOO"), List.of("ABC")),
                Arguments.of("${FOO/$NEEDLE/$BAR}", "xxx", List.of("BAR", "FOO"), List.of("NEEDLE")),
                Arguments.of("${BAZ///}", "", List.of(), List.of("BAZ")),
                Arguments.of("${A:-${B:-$FOO}}", "xxx", List.of("FOO"), List.of("B", "A")),
                Arguments.of("'$QUOTED' \"$DQ\" \\$ESC", "$QUOTED  $ESC", List.of(), List.of("DQ")),
                Arguments.of("$FOO$FOO${FOO}", "xxxxxxxxx", List.of("FOO"), List.of()),
                Arguments.of("$1 $@ ${#}", "  ", List.of(), List.of("1", "@", "#")),
                Arguments.of("app-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}", "app-arm64",
                        List.of("TARGETARCH"), List.of("TARGETVARIANT")));
    }

    @ParameterizedTest
    @MethodSource
    void references(String word, String result, List<String> matched, List<String> unmatched)
            throws ShellSyntaxException {
        Expansion expansion = new ShellLex('\\').processWord(word, ENV);
        assertThat(expansion.result()).isEqualTo(result);
        assertThat(expansion.matched()).as("matched").isEqualTo(matched);
        assertThat(expansion.unmatched()).as("unmatched").isEqualTo(unmatched);
    }

    @Test
    void processWordsReportsTheSameNames() throws ShellSyntaxException {
        ShellLex.WordsExpansion expansion = new ShellLex('\\').processWords("$FOO ${NOPE:-x} $FOO", ENV);
        assertThat(expansion.words()).containsExactly("xxx", "x", "xxx");
        assertThat(expansion.matched()).containsExactly("FOO");
        assertThat(expansion.unmatched()).containsExactly("NOPE");
    }

    @Test
    void eachCallStartsWithNoNames() throws ShellSyntaxException {
        ShellLex lex = new ShellLex('\\');
        lex.processWord("$FOO $NOPE", ENV);
        Expansion second = lex.processWord("plain", ENV);
        assertThat(second.matched()).isEmpty();
        assertThat(second.unmatched()).isEmpty();
    }
}
