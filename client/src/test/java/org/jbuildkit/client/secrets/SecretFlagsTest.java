package org.jbuildkit.client.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jbuildkit.session.secrets.SecretSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFlagsTest {
    @TempDir
    Path tmp;

    private final SecretFlags flags = new SecretFlags(Map.of("API_TOKEN", "x", "mysecret", "y"));

    @Test
    void srcAndSourceNameAFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "v");
        assertThat(flags.parse("id=a,src=" + file)).isEqualTo(SecretSource.ofFile("a", file));
        assertThat(flags.parse("id=a,source=" + file)).isEqualTo(SecretSource.ofFile("a", file));
        assertThat(flags.parse("ID=a,Type=file,SRC=" + file)).isEqualTo(SecretSource.ofFile("a", file));
    }

    @Test
    void envNamesAVariable() {
        assertThat(flags.parse("id=a,env=API_TOKEN")).isEqualTo(SecretSource.ofEnv("a", "API_TOKEN"));
    }

    @Test
    void typeEnvTakesSrcAsTheVariablesName() {
        assertThat(flags.parse("id=a,type=env,src=API_TOKEN")).isEqualTo(SecretSource.ofEnv("a", "API_TOKEN"));
    }

    @Test
    void withNeitherTheIdIsAVariableIfSetElseAFile() throws Exception {
        assertThat(flags.parse("id=mysecret")).isEqualTo(SecretSource.ofEnv("mysecret", "mysecret"));
        Path file = Files.writeString(tmp.resolve("other"), "v");
        assertThat(flags.parse("id=" + file)).isEqualTo(SecretSource.ofFile(file.toString(), file));
    }

    @Test
    void quotedFieldsMayHoldCommas() throws Exception {
        Path file = Files.writeString(tmp.resolve("a,b"), "v");
        assertThat(flags.parse("id=a,\"src=" + file + "\"")).isEqualTo(SecretSource.ofFile("a", file));
    }

    @Test
    void badValuesNameTheFieldAndTheFix() {
        assertThatThrownBy(() -> flags.parse("id=a,nokey")).hasMessageContaining("invalid field 'nokey'")
                .hasMessageContaining("key=value");
        assertThatThrownBy(() -> flags.parse("id=a,type=ssh")).hasMessageContaining("unsupported secret type \"ssh\"")
                .hasMessageContaining("type=file or type=env");
        assertThatThrownBy(() -> flags.parse("id=a,file=x")).hasMessageContaining("unexpected key 'file'");
        assertThatThrownBy(() -> flags.parse("src=x")).hasMessageContaining("secret missing ID");
    }

    @Test
    void aMissingOrUnreadableFileIsRefusedNow() throws Exception {
        assertThatThrownBy(() -> flags.parse("id=a,src=" + tmp.resolve("nope")))
                .hasMessageContaining("secret a: " + tmp.resolve("nope") + " does not exist");
        assertThatThrownBy(() -> flags.parse("id=a,src=" + tmp)).hasMessageContaining("is not a regular file");
        Path big = Files.write(tmp.resolve("big"), new byte[SecretSource.MAX_SIZE + 1]);
        assertThatThrownBy(() -> flags.parse("id=a,src=" + big)).hasMessageContaining("secret a too big");
    }

    @Test
    void anErrorNeverShowsTheSecretsContent() throws Exception {
        Path big = Files.writeString(tmp.resolve("big"), "do-not-show-".repeat(SecretSource.MAX_SIZE / 10));
        assertThatThrownBy(() -> flags.parse("id=a,src=" + big)).message().doesNotContain("do-not-show");
    }
}
