package org.jbuildkit.dockerfile.instructions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.jbuildkit.llb.Chown;
import org.jbuildkit.llb.UserRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CopyFlagsTest {

    @Test
    void copyFlagsAreReadAsWritten() throws Exception {
        CopyFlags f = CopyFlags.parseCopy(List.of("--from=build", "--chown=${U}:g", "--chmod=755", "--link",
                "--parents", "--exclude=*.tmp", "--exclude=.git"));
        assertThat(f).isEqualTo(new CopyFlags(false, "build", "${U}:g", "755", true, true, List.of("*.tmp", ".git"),
                "", null, null));
    }

    @Test
    void copyDefaults() throws Exception {
        assertThat(CopyFlags.parseCopy(List.of())).isEqualTo(new CopyFlags(false, "", "", "", false, false, List.of(),
                "", null, null));
    }

    @Test
    void addFlagsKeepWhetherKeepGitDirAndUnpackWereWritten() throws Exception {
        CopyFlags none = CopyFlags.parseAdd(List.of());
        assertThat(none.keepGitDir()).isNull();
        assertThat(none.unpack()).isNull();
        CopyFlags f = CopyFlags.parseAdd(List.of("--checksum=sha256:abc", "--keep-git-dir", "--unpack=false",
                "--link=false", "--chown=1:2", "--exclude=a"));
        assertThat(f).isEqualTo(new CopyFlags(true, "", "1:2", "", false, false, List.of("a"), "sha256:abc", true,
                false));
    }

    @Test
    void copyRefusesAddOnlyFlagsAndAddRefusesFrom() {
        assertThatThrownBy(() -> CopyFlags.parseCopy(List.of("--checksum=sha256:abc")))
                .hasMessageStartingWith("unknown flag: --checksum (COPY accepts");
        assertThatThrownBy(() -> CopyFlags.parseCopy(List.of("--keep-git-dir")))
                .hasMessageStartingWith("unknown flag: --keep-git-dir (COPY accepts");
        assertThatThrownBy(() -> CopyFlags.parseAdd(List.of("--from=x")))
                .hasMessageStartingWith("unknown flag: --from (ADD accepts");
        assertThatThrownBy(() -> CopyFlags.parseAdd(List.of("--parents")))
                .hasMessageStartingWith("unknown flag: --parents (ADD accepts");
    }

    static Stream<Arguments> chowns() {
        return Stream.of(
                Arguments.of("1000", UserRef.id(1000), null),
                Arguments.of("1000:1000", UserRef.id(1000), UserRef.id(1000)),
                Arguments.of("app", UserRef.name("app"), null),
                Arguments.of("app:staff", UserRef.name("app"), UserRef.name("staff")),
                Arguments.of("app:50", UserRef.name("app"), UserRef.id(50)),
                Arguments.of("10:staff", UserRef.id(10), UserRef.name("staff")),
                Arguments.of("root", UserRef.id(0), null),
                Arguments.of("root:root", UserRef.id(0), UserRef.id(0)),
                Arguments.of("-1", UserRef.id(-1), null),
                Arguments.of("+5", UserRef.id(5), null),
                Arguments.of("4294967296", UserRef.name("4294967296"), null),
                Arguments.of("a:b:c", UserRef.name("a"), UserRef.name("b:c")),
                Arguments.of(":staff", UserRef.id(0), UserRef.name("staff")),
                Arguments.of("app:", UserRef.name("app"), UserRef.id(0)));
    }

    @ParameterizedTest
    @MethodSource("chowns")
    void chownIsReadAsLlbWithUser(String value, UserRef user, UserRef group) {
        ChownSpec spec = ChownSpec.parse(value);
        assertThat(spec).isEqualTo(new ChownSpec(user, group));
        assertThat(spec.toChown()).isEqualTo(new Chown(user, group));
    }

    @Test
    void emptyChownAndChmodMeanNone() throws Exception {
        assertThat(CopyFlags.chownSpec("")).isEmpty();
        assertThat(CopyFlags.chmodSpec("")).isEmpty();
        assertThat(CopyFlags.chownSpec("1:1")).contains(new ChownSpec(UserRef.id(1), UserRef.id(1)));
    }

    static Stream<Arguments> octalModes() {
        return Stream.of(Arguments.of("755", 0755), Arguments.of("0644", 0644), Arguments.of("0", 0),
                Arguments.of("7777", 07777), Arguments.of("00000755", 0755), Arguments.of("4755", 04755));
    }

    @ParameterizedTest
    @MethodSource("octalModes")
    void octalChmod(String value, int mode) throws Exception {
        assertThat(Chmod.parse(value)).isEqualTo(new Chmod.Octal(mode));
    }

    @ParameterizedTest
    @ValueSource(strings = {"u+x", "a=rX,u+w", "g=u", "go-w", "+x", "=", "u=rwx,g=rx,o=", "a+st", "u+x-w", "o-rwx",
            "ugo+r"})
    void symbolicChmod(String value) throws Exception {
        assertThat(Chmod.parse(value)).isEqualTo(new Chmod.Symbolic(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10000", "0800", "9", "0o755", "755x", "17777", "99999999999"})
    void numericLookingChmodOutOfRangeGivesUpstreamsMessage(String value) {
        assertThatThrownBy(() -> Chmod.parse(value)).isInstanceOf(InstructionFlagException.class)
                .hasMessage("invalid chmod parameter: '" + value + "'. it should be octal string and between 0 and"
                        + " 07777");
    }

    @ParameterizedTest
    @ValueSource(strings = {"u", "ux", "x+u", "u+x,", "-1", "+7", "u+y", "a+x,,g+w", "rwx"})
    void badSymbolicChmodIsASyntaxError(String value) {
        assertThatThrownBy(() -> Chmod.parse(value)).isInstanceOf(InstructionFlagException.class)
                .hasMessage("invalid chmod parameter: '" + value + "': invalid syntax (use an octal mode such as 0755"
                        + " or a symbolic one such as u+x or a=rX,u+w)");
    }

    @Test
    void checksumNeedsOneRemoteSource() throws Exception {
        CopyFlags.checkChecksum("", List.of("a", "b"), false);
        CopyFlags.checkChecksum("sha256:abc", List.of("https://x/y"), true);
        assertThatThrownBy(() -> CopyFlags.checkChecksum("sha256:abc", List.of("a", "b"), true))
                .hasMessage("checksum can't be specified for multiple sources (give --checksum to an ADD of one URL)");
        assertThatThrownBy(() -> CopyFlags.checkChecksum("sha256:abc", List.of("a"), false))
                .hasMessage("checksum requires HTTP(S) or Git sources (a local file is already pinned by the context)");
    }
}
