package org.jbuildkit.dockerfile.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jbuildkit.dockerfile.BuildCheck;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.SourceRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerfileParserTest {

    private static ParsedDockerfile parse(String text) throws DockerfileException {
        return DockerfileParser.parse(text.getBytes(StandardCharsets.UTF_8), "Dockerfile");
    }

    @Test
    void eachNodeSpansItsFirstToLastLine() throws Exception {
        ParsedDockerfile parsed = parse("""
                # comment

                FROM busybox

                RUN a \\
                  b \\
                # comment inside
                  c
                COPY <<EOF /x
                body
                EOF
                """);
        assertThat(parsed.nodes()).extracting(Node::range).containsExactly(SourceRange.lines(3, 3),
                SourceRange.lines(5, 8), SourceRange.lines(9, 11));
        assertThat(parsed.nodes().get(0).comments()).containsExactly("comment");
    }

    @Test
    void emptyContinuationLinesWarnOncePerInstruction() throws Exception {
        ParsedDockerfile parsed = parse("""
                FROM alpine:3.6

                RUN valid \\
                    continuation

                RUN something \\

                    following \\

                    more

                RUN another \\

                    thing

                RUN non-indented \\
                # this is a comment
                   after-comment
                """);
        assertThat(parsed.warnings()).extracting(BuildCheck::rule)
                .containsExactly("NoEmptyContinuation", "NoEmptyContinuation");
        assertThat(parsed.warnings()).extracting(BuildCheck::ranges)
                .containsExactly(List.of(SourceRange.line(10)), List.of(SourceRange.line(14)));
        BuildCheck first = parsed.warnings().get(0);
        assertThat(first.message()).isEqualTo("Empty continuation line");
        assertThat(first.description()).contains("will become errors in a future release");
        assertThat(first.url()).isEqualTo("https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/");
        assertThat(parsed.nodes().get(2).args()).containsExactly("something     following     more");
    }

    @Test
    void errorsNameTheFileAsGivenAndCarryTheInstructionsLines() {
        byte[] source = "FROM busybox\nRUNN a \\\n  b\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DockerfileParser.parse(source, "linux/app.docker"))
                .isInstanceOfSatisfying(DockerfileException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("""
                            linux/app.docker:2:1: unknown instruction: RUNN (did you mean RUN?)
                              RUNN a \\
                              ^""");
                    assertThat(e.filename()).isEqualTo("linux/app.docker");
                    assertThat(e.ranges()).containsExactly(SourceRange.lines(2, 3));
                    assertThat(e.source()).isEqualTo(source);
                });
    }

    @Test
    void syntaxErrorsComeBeforeInstructionErrorsAsUpstream() {
        assertThatThrownBy(() -> parse("FROM busybox\nRUNN x\nRUN <<EOF\n"))
                .hasMessageStartingWith("Dockerfile:3:5: unterminated heredoc EOF");
    }

    @Test
    void theCaretFollowsTabsInTheLine() {
        assertThatThrownBy(() -> parse("FROM busybox\n\t ENV\tPATH\n"))
                .hasMessage("Dockerfile:2:7: ENV must have two arguments (write ENV PATH=<value>)\n"
                        + "  \t ENV\tPATH\n"
                        + "  \t    \t^");
    }

    @Test
    void directivesAreReported() throws Exception {
        ParsedDockerfile parsed = parse("# syntax=docker/dockerfile:1\n# check=error=true\n# escape=`\nFROM a\n");
        assertThat(parsed.directives()).isEqualTo(new Directives('`', "docker/dockerfile:1", "error=true"));
        assertThat(parse("FROM a\n").directives()).isEqualTo(Directives.DEFAULT);
    }

    @Test
    void heredocsOfAnOnbuildTriggerAreTheTriggers() throws Exception {
        Node onbuild = parse("FROM a\nONBUILD COPY <<EOF /x\nhi\nEOF\n").nodes().get(1);
        Node trigger = onbuild.onbuildTrigger().orElseThrow();
        assertThat(trigger.instruction()).isEqualTo("copy");
        assertThat(trigger.heredocs()).containsExactly(new Heredoc("EOF", "hi\n", true, false));
        assertThat(trigger.range()).isEqualTo(onbuild.range());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "foo              | foo",
        "foo bar          | foo,bar",
        "foo\\ bar        | foo\\ bar",
        "foo=bar          | foo=bar",
        "foo bar 'abc xyz'| foo,bar,'abc xyz'",
        "foo bar \"abc xyz\" | foo,bar,\"abc xyz\"",
        "àöû              | àöû",
        "föo bàr \"âbc xÿz\" | föo,bàr,\"âbc xÿz\"",
        "a\\              | a",
    }, ignoreLeadingAndTrailingWhitespace = true)
    void wordsKeepQuotesAndEscapes(String input, String words) {
        assertThat(LineParsers.words(input, Escape.BACKSLASH)).containsExactly(words.split(","));
    }

    @Test
    void onlyJsonArraysOfStringsAreJson() throws Exception {
        assertThat(LineParsers.jsonArray("[\"a\", \"b\"]")).containsExactly("a", "b");
        assertThat(LineParsers.jsonArray("  [] ")).isEmpty();
        assertThat(LineParsers.jsonArray("[\"a\"")).isNull();
        assertThat(LineParsers.jsonArray("['a']")).isNull();
        assertThat(LineParsers.jsonArray("{\"a\": 1}")).isNull();
        assertThat(LineParsers.jsonArray("[\"a\"] [\"b\"]")).isNull();
        assertThatThrownBy(() -> LineParsers.jsonArray("[\"a\", null]")).isInstanceOf(LineException.class);
        assertThatThrownBy(() -> LineParsers.jsonArray("[true]")).isInstanceOf(LineException.class);
    }

}
