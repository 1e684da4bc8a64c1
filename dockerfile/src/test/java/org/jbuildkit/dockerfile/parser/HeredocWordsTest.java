package org.jbuildkit.dockerfile.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HeredocWordsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<<EOF      | EOF | true  | false",
        "<<'EOF'    | EOF | false | false",
        "<<\"EOF\"  | EOF | false | false",
        "<<-EOF     | EOF | true  | true",
        "<<-'EOF'   | EOF | false | true",
        "<<-\"EOF\" | EOF | false | true",
        "<<EO\"F\"  | EOF | false | false",
    }, ignoreLeadingAndTrailingWhitespace = true)
    void aWordOpensAHeredoc(String word, String name, boolean expand, boolean chomp) {
        Heredoc h = Heredoc.parseWord(word).orElseThrow();
        assertThat(h.name()).isEqualTo(name);
        assertThat(h.expand()).isEqualTo(expand);
        assertThat(h.chomp()).isEqualTo(chomp);
        assertThat(h.content()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"<< EOF", "<<- EOF", "<<\tEOF", "3<<EOF"})
    void blanksAfterTheOperatorAndAFileDescriptorAreAllowed(String word) {
        assertThat(Heredoc.parseWord(word)).map(Heredoc::name).contains("EOF");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "EOF", "<<", "<<-", "<EOF", "<<<EOF", "<<EOF sh", "<<'EOF", "<<\"EOF", "<<EOF'",
        "<<EOF\""})
    void otherWordsOpenNone(String word) {
        assertThat(Heredoc.parseWord(word)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "RUN <<EOF           | EOF",
        "RUN <<-EOF          | EOF",
        "RUN << -EOF         | -EOF",
        "RUN <<'EOF'         | EOF",
        "RUN 4<<EOF          | EOF",
        "RUN <<EOF <<EOF2    | EOF,EOF2",
        "RUN <<  EOF  > foo  | EOF",
        "RUN <<'one two'     | one two",
        "RUN <<$EOF          | $EOF",
        "COPY <<a <<b /dst/  | a,b",
    }, ignoreLeadingAndTrailingWhitespace = true)
    void aLineOpensTheHeredocsOfItsWords(String line, String names) {
        assertThat(HeredocWords.find(line)).extracting(HeredocWords.Opening::name)
                .containsExactly(names.split(","));
    }

    /** As upstream's lexer: only blanks right after {@code <<} join the word, so {@code <<- EOF} opens none. */
    @ParameterizedTest
    @ValueSource(strings = {"RUN '<<EOF'", "RUN \"<<EOF\"", "RUN cat<<EOF", "RUN echo 'unterminated <<EOF",
        "RUN echo \\<<EOF", "RUN <<- EOF"})
    void quotedEscapedOrGluedOperatorsOpenNone(String line) {
        assertThat(HeredocWords.find(line)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "RUN <<eo'f'      | eof  | false",
        "RUN <<eo\\'f     | eo'f | true",
        "RUN <<'e'o\\'f   | eo'f | false",
    }, ignoreLeadingAndTrailingWhitespace = true)
    void anyQuotedPartTurnsExpansionOff(String line, String name, boolean expand) {
        List<HeredocWords.Opening> found = HeredocWords.find(line);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).name()).isEqualTo(name);
        assertThat(found.get(0).expand()).isEqualTo(expand);
    }
}
