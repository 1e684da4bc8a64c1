package org.jbuildkit.dockerfile.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's renderings in history lines. */
class GoFormatTest {

    @ParameterizedTest
    @CsvSource({"0,0s", "1000,1µs", "1500000,1.5ms", "3000000000,3s", "300000000000,5m0s", "3723500000000,1h2m3.5s"})
    void goDurations(long nanos, String text) {
        assertThat(GoFormat.duration(nanos)).isEqualTo(text);
    }

    @Test
    void goQuoting() {
        assertThat(GoFormat.quoteList(List.of("a b", "say \"hi\"", "tab\t"))).isEqualTo(
                "[\"a b\" \"say \\\"hi\\\"\" \"tab\\t\"]");
        assertThat(GoFormat.quoteRune(3)).isEqualTo("'\\x03'");
        assertThat(GoFormat.quoteRune(65)).isEqualTo("'A'");
    }
}
