package org.jbuildkit.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Symbolic modes applied as upstream's dchapes-mode (BSD setmode, umask 0) applies them. */
class SymbolicFileModeTest {

    @ParameterizedTest(name = "{0} on {1} (dir {2}) gives {3}")
    @CsvSource({
        "u+x, 0644, false, 0744",
        "go-w, 0666, false, 0644",
        "a=r, 0755, false, 0444",
        "a=rX, 0644, false, 0444",
        "a=rX, 0744, false, 0555",
        "a=rX, 0700, true, 0555",
        "+X, 0644, false, 0644",
        "+X, 0600, true, 0711",
        "+X, 0604, false, 0604",
        "+X, 0614, false, 0715",
        "a-X, 0755, false, 0644",
        "'u=rwx,g=rx,o=', 0000, false, 0750",
        "'u=rw,go=r', 0777, false, 0644",
        "ug=rw, 0705, false, 0665",
        "a+rwx, 0000, false, 0777",
        "+x, 0644, false, 0755",
        "-w, 0666, false, 0444",
        "=, 0755, false, 0000",
        "=, 01755, true, 01000",
        "=r, 0755, false, 0444",
        "g=u, 0640, false, 0660",
        "o=g, 0754, false, 0755",
        "u-g, 0754, false, 0254",
        "go+u, 0700, false, 0777",
        "u+x-w, 0644, false, 0544",
        "'a-x,u+x', 0777, false, 0766",
        "u+s, 0755, false, 04755",
        "g+s, 0755, true, 02755",
        "o+s, 0755, false, 0755",
        "+t, 0755, true, 01755",
        "o+t, 0755, true, 0755",
        "u-s, 06755, false, 02755",
        "a=, 04755, false, 0000",
        "0750, 0644, false, 0750",
        "4755, 0600, false, 04755",
        "000000644, 0755, false, 0644",
    })
    void appliesAsChmod(String spec, String before, boolean dir, String after) {
        int mode = SymbolicFileMode.parse(spec).orElseThrow().apply(Integer.parseInt(before, 8), dir);
        assertThat(Integer.toOctalString(mode)).isEqualTo(Integer.toOctalString(Integer.parseInt(after, 8)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "u", "a", "u+x,", ",u+x", "x+u", "u+z", "u+x;g-w", "8", "0789", "17777", "7a", "u*x"})
    void rejectsWhatChmodRejects(String spec) {
        assertThat(SymbolicFileMode.parse(spec)).isEmpty();
    }
}
