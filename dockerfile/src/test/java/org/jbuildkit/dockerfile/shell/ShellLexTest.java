package org.jbuildkit.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jbuildkit.dockerfile.shell.ShellLex.ShellSyntaxException;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ShellLex#processWord}: every operator, both escape characters, and upstream's exact error messages. */
class ShellLexTest {
    private static final Map<String, String> ENV = Map.ofEntries(
            Map.entry("V", "abc"),
            Map.entry("E", ""),
            Map.entry("P", "/usr/local/bin"),
            Map.entry("F", "file.tar.gz"),
            Map.entry("S", "a b"),
            Map.entry("B", "[a]bc"),
            Map.entry("R", "<$0>"),
            Map.entry("D", "$$x"),
            Map.entry("N", "a\nb"),
            Map.entry("변수", "값"),
            Map.entry("lower", "l"),
            Map.entry("_u1", "u"));

    /** escape, word, expected result. */
    static Stream<Arguments> words() {
        return Stream.of(
                // plain references
                bs("$V", "abc"),
                bs("${V}", "abc"),
                bs("${V}d", "abcd"),
                bs("$Vd", ""),
                bs("$V.d", "abc.d"),
                bs("$V-$V", "abc-abc"),
                bs("${lower}$_u1", "lu"),
                bs("$LOWER", ""),
                bs("${변수}", "값"),
                bs("$변수!", "값!"),
                bs("x${U}y", "xy"),
                // defaults and alternatives
                bs("${U:-def}", "def"),
                bs("${E:-def}", "def"),
                bs("${V:-def}", "abc"),
                bs("${U-def}", "def"),
                bs("${E-def}", ""),
                bs("${V-def}", "abc"),
                bs("${U:-}", ""),
                bs("${V:+alt}", "alt"),
                bs("${E:+alt}", ""),
                bs("${U:+alt}", ""),
                bs("${V+alt}", "alt"),
                bs("${E+alt}", "alt"),
                bs("${U+alt}", ""),
                bs("${V?}", "abc"),
                bs("${V:?}", "abc"),
                bs("${E?}", ""),
                bs("${E?msg}", ""),
                // nested expansions in the word
                bs("${A:-${B}}", "[a]bc"),
                bs("${A:-${C:-${V}}}", "abc"),
                bs("${A:-$V$V}", "abcabc"),
                bs("${V:+<$V>}", "<abc>"),
                bs("${V:+${E:-e}}", "e"),
                bs("${A:-\"a b\"}", "a b"),
                bs("${A:-'$V'}", "$V"),
                bs("${A:-a\\ b}", "a b"),
                bs("${A:-\\}}", "}"),
                bs("${A:-\\$V}", "$V"),
                bs("${A:-x}}", "x}"),
                bs("${A:-{x}", "{x"),
                // prefix and suffix removal
                bs("${F#*.}", "tar.gz"),
                bs("${F##*.}", "gz"),
                bs("${F%.*}", "file.tar"),
                bs("${F%%.*}", "file"),
                bs("${P#/usr}", "/local/bin"),
                bs("${P##*/}", "bin"),
                bs("${P%/*}", "/usr/local"),
                bs("${P%%/*}", ""),
                bs("${F#?}", "ile.tar.gz"),
                bs("${F%??}", "file.tar."),
                bs("${F#x}", "file.tar.gz"),
                bs("${F#}", "file.tar.gz"),
                bs("${F%%}", "file.tar.gz"),
                bs("${F#*}", "file.tar.gz"),
                bs("${F##*}", ""),
                bs("${U#x}", ""),
                bs("${F#$E}", "file.tar.gz"),
                bs("${F#${V:+file}}", ".tar.gz"),
                bs("${V#[a]}", "abc"),
                bs("${B#[a]}", "bc"),
                bs("${B%[c]}", "[a]bc"),
                bs("${F#f*.}", "tar.gz"),
                bs("${N#a?}", "a\nb"),
                bs("${N#a*}", "\nb"),
                bs("${N##a*}", "\nb"),
                // replacement
                bs("${P/local/share}", "/usr/share/bin"),
                bs("${P//\\//:}", ":usr:local:bin"),
                bs("${P/\\//:}", ":usr/local/bin"),
                bs("${V/b/}", "ac"),
                bs("${V/x/y}", "abc"),
                bs("${V//?/x}", "xxx"),
                bs("${V/*/x}", "x"),
                bs("${V//*/x}", "x"),
                bs("${V///x}", "xaxbxcx"),
                bs("${V//b*/x}", "ax"),
                bs("${V//b/$R}", "a<b>c"),
                bs("${V/b/$R}", "a<$0>c"),
                bs("${V//b/$D}", "a$xc"),
                bs("${V//b/$$}", "ac"),
                bs("${U//b/x}", ""),
                bs("${F//./-}", "file-tar-gz"),
                bs("${F/#/-}", "file.tar.gz"),
                bs("${V//b/\"x y\"}", "ax yc"),
                // quotes
                bs("'$V'", "$V"),
                bs("'\\$V'", "\\$V"),
                bs("\"$V\"", "abc"),
                bs("\"'$V'\"", "'abc'"),
                bs("'\"$V\"'", "\"$V\""),
                bs("a'b c'd", "ab cd"),
                bs("\"a b\"", "a b"),
                bs("\"\"", ""),
                bs("''", ""),
                bs("\"${V:-x}\"", "abc"),
                bs("\"${U:-x y}\"", "x y"),
                // escapes
                bs("\\$V", "$V"),
                bs("\\\\$V", "\\abc"),
                bs("\"\\$V\"", "$V"),
                bs("\"\\\\\"", "\\"),
                bs("\"\\a\"", "\\a"),
                bs("\"a\\\"b\"", "a\"b"),
                bs("\"\\'\"", "\\'"),
                bs("a\\ b", "a b"),
                bs("a\\b", "ab"),
                bs("ab\\", "ab"),
                bs("\\'a\\'", "'a'"),
                bs("\\\"", "\""),
                bs("a`b", "a`b"),
                // a $ that starts no name, and special/positional parameters
                bs("$", "$"),
                bs("a$", "a$"),
                bs("$.", "$."),
                bs("$/x", "$/x"),
                bs("${V}$", "abc$"),
                bs("\"$\"", "$"),
                bs("$-x", "x"),
                bs("$1x", "x"),
                bs("$12x", "x"),
                bs("$$", ""),
                bs("$$$V", "abc"),
                bs("${#}", ""),
                bs("${@:-all}", "all"),
                bs("$0", ""),
                // heredoc markers and other characters
                bs("<<EOF", "<<EOF"),
                bs("<<  EOF", "<<  EOF"),
                bs("a<b", "a<b"),
                bs("a<<$V", "a<<abc"),
                bs("{}", "{}"),
                bs("}", "}"),
                // the backtick as escape character (# escape=`)
                bt("a`$V", "a$V"),
                bt("\"`$V\"", "$V"),
                bt("\"`\"\"", "\""),
                bt("\"``\"", "`"),
                bt("\"`a\"", "`a"),
                bt("a\\b", "a\\b"),
                bt("C:\\path\\$V", "C:\\path\\abc"),
                bt("\"C:\\$V\"", "C:\\abc"),
                bt("\\$V", "\\abc"),
                bt("ab`", "ab"),
                bt("a` b", "a b"),
                bt("``", "`"),
                bt("'`$V'", "`$V"),
                bt("${A:-`}}", "}"),
                bt("${F%.*}", "file.tar"),
                bt("${F%.\\*}", "file.tar.gz"),
                bt("${P//`//:}", "/usr/local/bin"),
                bt("${P//\\*/x}", "/usr/local/bin"));
    }

    @ParameterizedTest
    @MethodSource
    void words(char escape, String word, String expected) throws ShellSyntaxException {
        assertThat(new ShellLex(escape).processWord(word, ENV).result()).isEqualTo(expected);
    }

    /** escape, word, upstream's whole message. */
    static Stream<Arguments> errors() {
        return Stream.of(
                bs("${U:?}", "failed to process \"${U:?}\": U: is not allowed to be unset"),
                bs("${U?}", "failed to process \"${U?}\": U: is not allowed to be unset"),
                bs("${E:?}", "failed to process \"${E:?}\": E: is not allowed to be empty"),
                bs("${U?must set U}", "failed to process \"${U?must set U}\": U: must set U"),
                bs("${E:?need $V}", "failed to process \"${E:?need $V}\": E: need abc"),
                bs("x${A:-${U:?}}", "failed to process \"x${A:-${U:?}}\": U: is not allowed to be unset"),
                bs("${", "failed to process \"${\": syntax error: missing '}'"),
                bs("${V:-x", "failed to process \"${V:-x\": syntax error: missing '}'"),
                bs("${V:-'x}", "failed to process \"${V:-'x}\": syntax error: missing '}'"),
                bs("${V#x", "failed to process \"${V#x\": syntax error: missing '}'"),
                bs("${V:}", "failed to process \"${V:}\": syntax error: missing '}'"),
                bs("${V:", "failed to process \"${V:\": syntax error: missing '}'"),
                bs("${V//x", "failed to process \"${V//x\": syntax error: missing '/' in ${}"),
                bs("${V/x/y", "failed to process \"${V/x/y\": syntax error: missing '}'"),
                bs("${}", "failed to process \"${}\": syntax error: bad substitution"),
                bs("${:-x}", "failed to process \"${:-x}\": syntax error: bad substitution"),
                bs("${:}", "failed to process \"${:}\": syntax error: bad substitution"),
                bs("${{V}", "failed to process \"${{V}\": syntax error: bad substitution"),
                bs("${V", "failed to process \"${V\": unsupported modifier (\uFFFD) in substitution"),
                bs("${V=x}", "failed to process \"${V=x}\": unsupported modifier (=) in substitution"),
                bs("${V:=x}", "failed to process \"${V:=x}\": unsupported modifier (:=) in substitution"),
                bs("${V:#x}", "failed to process \"${V:#x}\": unsupported modifier (:#) in substitution"),
                bs("${V:##x}", "failed to process \"${V:##x}\": unsupported modifier (:#) in substitution"),
                bs("${V:%x}", "failed to process \"${V:%x}\": unsupported modifier (:%) in substitution"),
                bs("${V:x}", "failed to process \"${V:x}\": unsupported modifier (:x) in substitution"),
                bs("${V.}", "failed to process \"${V.}\": unsupported modifier (.) in substitution"),
                bs("${#V}", "failed to process \"${#V}\": unsupported modifier (V) in substitution"),
                bs("${V#\\x}", "failed to process \"${V#\\\\x}\": invalid pattern (\\x) in substitution: invalid escape '\\x'"),
                bs("${F#f*\\.}", "failed to process \"${F#f*\\\\.}\": invalid pattern (f*\\.) in substitution: invalid escape '\\.'"),
                bs("${V/\\x/y}", "failed to process \"${V/\\\\x/y}\": invalid pattern (\\x) in substitution: invalid escape '\\x'"),
                bs("'ab", "failed to process \"'ab\": unexpected end of statement while looking for matching single-quote"),
                bs("\"ab", "failed to process \"\\\"ab\": unexpected end of statement while looking for matching double-quote"),
                bs("\"ab\\", "failed to process \"\\\"ab\\\\\": unexpected end of statement while looking for matching double-quote"),
                bs("\"ab\\\"", "failed to process \"\\\"ab\\\\\\\"\": unexpected end of statement while looking for matching double-quote"),
                bs("a\n${", "failed to process \"a\\n${\": syntax error: missing '}'"),
                bs("a\u0001${", "failed to process \"a\\x01${\": syntax error: missing '}'"),
                bt("\"a\\\"b\"", "failed to process \"\\\"a\\\\\\\"b\\\"\": unexpected end of statement while looking for matching double-quote"),
                bt("${P//\\//:}", "failed to process \"${P//\\\\//:}\": invalid pattern (\\) in substitution: invalid escape '\\\uFFFD'"));
    }

    @ParameterizedTest
    @MethodSource
    void errors(char escape, String word, String message) {
        assertThatThrownBy(() -> new ShellLex(escape).processWord(word, ENV))
                .isInstanceOf(ShellSyntaxException.class)
                .hasMessage(message);
    }

    @Test
    void theReasonIsUpstreamsMessageWithoutTheWord() {
        assertThatThrownBy(() -> new ShellLex('\\').processWord("${V", ENV))
                .isInstanceOfSatisfying(ShellSyntaxException.class, e ->
                        assertThat(e.reason()).isEqualTo("unsupported modifier (\uFFFD) in substitution"));
    }

    @Test
    void namesAreCaseSensitive() throws ShellSyntaxException {
        Map<String, String> env = Map.of("home", "lower", "HOME", "upper");
        assertThat(new ShellLex('\\').processWord("$home $HOME $Home", env).result()).isEqualTo("lower upper ");
    }

    @Test
    void envOfLetsTheLastOfAKeyWinAndReadsAKeyWithoutValueAsEmpty() throws ShellSyntaxException {
        Map<String, String> env = ShellLex.envOf(List.of("foo=bar", "car=hat", "car=bike", "bare", "eq=a=b"));
        assertThat(env).containsExactly(Map.entry("foo", "bar"), Map.entry("car", "bike"), Map.entry("bare", ""),
                Map.entry("eq", "a=b"));
        assertThat(new ShellLex('\\').processWord("${bare?}$car", env).result()).isEqualTo("bike");
    }

    @Test
    void rawQuotesAndSkipUnsetEnvKeepQuotesAndUnsetReferencesAsWritten() throws ShellSyntaxException {
        ShellLex lex = new ShellLex('\\').withRawQuotes().withSkipUnsetEnv();
        assertThat(lex.processWord("'a' \"$V\" ${U} ${U:-x} $U ${U/a/b} ${V:-x}", ENV).result())
                .isEqualTo("'a' \"abc\" ${U} ${U:-x} $U ${U/a/b} abc");
    }

    @Test
    void rawEscapesKeepTheEscapeCharacter() throws ShellSyntaxException {
        assertThat(new ShellLex('\\').withRawEscapes().processWord("a\\ b\\$V", ENV).result())
                .isEqualTo("a\\ b\\$V");
    }

    @Test
    void skipProcessQuotesTreatsQuotesAsOrdinaryCharacters() throws ShellSyntaxException {
        assertThat(new ShellLex('\\').withSkipProcessQuotes().processWord("'$V' \"$V\"", ENV).result())
                .isEqualTo("'abc' \"abc\"");
    }

    @Test
    void theOptionsLeaveTheOriginalLexerAsItWas() throws ShellSyntaxException {
        ShellLex lex = new ShellLex('`');
        lex.withRawQuotes();
        assertThat(lex.processWord("'a'", ENV).result()).isEqualTo("a");
        assertThat(lex.escape()).isEqualTo('`');
    }

    private static Arguments bs(String word, String expected) {
        return Arguments.of('\\', Named.of("\\ " + word, word), expected);
    }

    private static Arguments bt(String word, String expected) {
        return Arguments.of('`', Named.of("` " + word, word), expected);
    }
}
