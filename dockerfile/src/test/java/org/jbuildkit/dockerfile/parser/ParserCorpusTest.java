package org.jbuildkit.dockerfile.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.SourceRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case under {@code parser-corpus/}: its {@code Dockerfile} parsed, compared with {@code expected.txt}, the
 * {@link ParseDump} of the result or, for a Dockerfile that must be refused, {@code error:}, the exact message and
 * the exception's ranges. {@code -Dcorpus.update=true} rewrites the expected files (review the diff!).
 */
class ParserCorpusTest {
    private static final Path CORPUS = Path.of("src/test/resources/parser-corpus");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(CORPUS)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parsesAsExpected(String name) throws IOException {
        Path dir = CORPUS.resolve(name);
        String actual = outcome(Files.readAllBytes(dir.resolve("Dockerfile")));
        Path expectedFile = dir.resolve("expected.txt");
        if (Boolean.getBoolean("corpus.update")) {
            Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(expectedFile).exists();
        assertThat(actual).isEqualTo(Files.readString(expectedFile, StandardCharsets.UTF_8));
    }

    private static String outcome(byte[] dockerfile) {
        try {
            return ParseDump.dump(DockerfileParser.parse(dockerfile, "Dockerfile"));
        } catch (DockerfileException e) {
            StringBuilder out = new StringBuilder("error:\n").append(e.getMessage()).append("\nranges");
            for (SourceRange r : e.ranges()) {
                out.append(" L").append(r.startLine()).append('-').append(r.endLine());
            }
            return out.append('\n').toString();
        }
    }
}
