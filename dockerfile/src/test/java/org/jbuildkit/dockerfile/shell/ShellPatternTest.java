package org.jbuildkit.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jbuildkit.dockerfile.shell.ShellPattern.InvalidPatternException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The shell patterns of {@code #}, {@code %} and {@code /}: their regular expressions and Go's matching rules. */
class ShellPatternTest {
    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "* => ^.*",
            "? => ^.",
            "\\* => ^\\*",
            "(()[]{\\}^$.\\*\\?|\\\\ => ^\\(\\(\\)\\[\\]\\{\\}\\^\\$\\.\\*\\?\\|\\\\",
            "a\\/b => ^a/b",
            "한* => ^한.*"})
    void becomesAnAnchoredGreedyRegex(String pattern, String regex) throws InvalidPatternException {
        assertThat(ShellPattern.compile(pattern, true, true).regex()).isEqualTo(regex);
    }

    @Test
    void aShortestStarIsLazy() throws InvalidPatternException {
        assertThat(ShellPattern.compile("a*b", false, false).regex()).isEqualTo("a.*?b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\", "\\x", "\\\\\\", "a\\b"})
    void refusesAnEscapeOfAnythingButStarQuestionMarkOrBackslash(String pattern) {
        assertThatThrownBy(() -> ShellPattern.compile(pattern, true, true))
                .isInstanceOf(InvalidPatternException.class)
                .hasMessageStartingWith("invalid escape '\\");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a\\*c|c\\*a",
            "\\\\\\ab|b\\a\\\\",
            "ab\\|\\ba",
            "👽\\🚀🖖|🖖\\🚀👽",
            "\\\\b|b\\\\"})
    void reversesAPatternKeepingEscapesBeforeWhatTheyEscape(String pattern, String reversed) {
        assertThat(ShellPattern.reversePattern(pattern)).isEqualTo(reversed);
    }

    @Test
    void reversesByCodePoint() {
        assertThat(ShellPattern.reverse("🖖🚀👽")).isEqualTo("👽🚀🖖");
    }

    @Test
    void replaceAllSkipsAnEmptyMatchRightAfterAMatchAsGo() throws InvalidPatternException {
        assertThat(ShellPattern.compile("*", true, false).replaceAll("abc", "x")).isEqualTo("x");
        assertThat(ShellPattern.compile("", true, false).replaceAll("abc", "-")).isEqualTo("-a-b-c-");
        assertThat(ShellPattern.compile("", true, false).replaceAll("", "-")).isEqualTo("-");
        assertThat(ShellPattern.compile("b*", true, false).replaceAll("abba", "x")).isEqualTo("ax");
    }

    @Test
    void replaceAllExpandsTheMatchAndDollarsAsGo() throws InvalidPatternException {
        ShellPattern b = ShellPattern.compile("b", true, false);
        assertThat(b.replaceAll("abc", "[$0]")).isEqualTo("a[b]c");
        assertThat(b.replaceAll("abc", "[${0}]")).isEqualTo("a[b]c");
        assertThat(b.replaceAll("abc", "[$1]")).isEqualTo("a[]c");
        assertThat(b.replaceAll("abc", "[$name]")).isEqualTo("a[]c");
        assertThat(b.replaceAll("abc", "[$$]")).isEqualTo("a[$]c");
        assertThat(b.replaceAll("abc", "[$]")).isEqualTo("a[$]c");
        assertThat(b.replaceAll("abc", "[${0]")).isEqualTo("a[${0]c");
        assertThat(b.replaceAll("abc", "[${}]")).isEqualTo("a[${}]c");
        assertThat(b.replaceAll("abc", "$0$0")).isEqualTo("abbc");
        assertThat(b.replaceFirst("abcb", "[$0]")).isEqualTo("a[$0]cb");
    }

    @Test
    void aDotIsAnyCharacterButANewline() throws InvalidPatternException {
        assertThat(ShellPattern.trimPrefix("a?", "a\nb", false)).isEqualTo("a\nb");
        assertThat(ShellPattern.trimPrefix("a?", "a\rb", false)).isEqualTo("b");
        assertThat(ShellPattern.trimPrefix("a?", "a\u2028b", false)).isEqualTo("b");
        assertThat(ShellPattern.trimSuffix("?", "ab👽", false)).isEqualTo("ab");
    }
}
