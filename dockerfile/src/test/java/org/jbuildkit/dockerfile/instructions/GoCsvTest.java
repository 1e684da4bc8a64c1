package org.jbuildkit.dockerfile.instructions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GoCsvTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("a", List.of("a")),
                Arguments.of("a,b", List.of("a", "b")),
                Arguments.of("a,", List.of("a", "")),
                Arguments.of(",a", List.of("", "a")),
                Arguments.of(",", List.of("", "")),
                Arguments.of("\"a,b\",c", List.of("a,b", "c")),
                Arguments.of("\"a\"\"b\"", List.of("a\"b")),
                Arguments.of("\"\"", List.of("")),
                Arguments.of("\"\",", List.of("", "")),
                Arguments.of("\"a\nb\"", List.of("a\nb")),
                Arguments.of(" a , b ", List.of(" a ", " b ")),
                Arguments.of("a\n", List.of("a")),
                Arguments.of("a\r\n", List.of("a")),
                Arguments.of("x=\u00e9,y", List.of("x=\u00e9", "y")));
    }

    @ParameterizedTest
    @MethodSource("lines")
    void splitsAsGo(String line, List<String> fields) throws Exception {
        assertThat(GoCsv.fields(line)).isEqualTo(fields);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("", "EOF"),
                Arguments.of("\n", "EOF"),
                Arguments.of("a\"b", "parse error on line 1, column 2: bare \" in non-quoted-field"),
                Arguments.of("\u00e9\u00e9,a\"", "parse error on line 1, column 7: bare \" in non-quoted-field"),
                Arguments.of("\"ab", "parse error on line 1, column 2: extraneous or missing \" in quoted-field"),
                Arguments.of("\"a\"\"", "parse error on line 1, column 5: extraneous or missing \" in quoted-field"),
                Arguments.of("\"a\"b", "parse error on line 1, column 3: extraneous or missing \" in quoted-field"),
                Arguments.of("x,\"a\" ,y", "parse error on line 1, column 5: extraneous or missing \" in quoted-field"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void refusesAsGo(String line, String message) {
        assertThatThrownBy(() -> GoCsv.fields(line)).isInstanceOf(GoCsv.CsvException.class).hasMessage(message);
    }
}
