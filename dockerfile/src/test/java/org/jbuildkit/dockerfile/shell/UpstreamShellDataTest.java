package org.jbuildkit.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jbuildkit.dockerfile.shell.ShellLex.ShellSyntaxException;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Upstream's own table of words and results (envVarTest, wordsTest), run through {@link ShellLex}. */
class UpstreamShellDataTest {
    private static final Map<String, String> ENV_VAR_TEST_ENV =
            ShellLex.envOf(List.of("PWD=/home", "SHELL=bash", "KOREAN=한국어", "NULL="));

    static Stream<Arguments> envVarTest() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        List<String> lines = lines("envVarTest");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split("\\|", -1);
            assertThat(parts).as("line %d", i + 1).hasSize(3);
            String platform = parts[0].trim();
            if (platform.equals("W")) {
                continue;
            }
            cases.add(Arguments.of(Named.of("line " + (i + 1) + ": " + parts[1].trim(), parts[1].trim()),
                    parts[2].trim()));
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource
    void envVarTest(String word, String expected) throws ShellSyntaxException {
        ShellLex lex = new ShellLex('\\');
        if (expected.equals("error")) {
            assertThatThrownBy(() -> lex.processWord(word, ENV_VAR_TEST_ENV))
                    .isInstanceOf(ShellSyntaxException.class);
        } else {
            assertThat(lex.processWord(word, ENV_VAR_TEST_ENV).result()).isEqualTo(expected);
        }
    }

    static Stream<Arguments> wordsTest() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        List<String> env = new ArrayList<>();
        List<String> lines = lines("wordsTest");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("ENV ")) {
                env.add(line.substring(3).replaceFirst("^ +", ""));
                continue;
            }
            String[] parts = line.split("\\|", -1);
            assertThat(parts).as("line %d", i + 1).hasSize(2);
            List<String> expected = Arrays.asList(parts[1].replaceFirst("^ +", "").split(",", -1));
            cases.add(Arguments.of(Named.of("line " + (i + 1) + ": " + parts[0].trim(), parts[0].trim()),
                    ShellLex.envOf(env), expected));
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource
    void wordsTest(String text, Map<String, String> env, List<String> expected) {
        List<String> words;
        try {
            words = new ShellLex('\\').processWords(text, env).words();
        } catch (ShellSyntaxException e) {
            words = List.of("error");
        }
        assertThat(words).isEqualTo(expected);
    }

    private static List<String> lines(String name) throws IOException {
        try (InputStream in = UpstreamShellDataTest.class.getResourceAsStream("/shell/" + name)) {
            assertThat(in).as("test resource /shell/%s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
