package org.jbuildkit.dockerfile.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.jbuildkit.dockerfile.DockerfileException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the parser over generated Dockerfiles (fixed seeds, so a failure names its seed and replays) and over
 * the whole corpus: where an instruction is broken into lines, or how lines end, does not change what it says.
 */
class ParserPropertiesTest {
    private static final Path CORPUS = Path.of("src/test/resources/parser-corpus");
    private static final String[] INSTRUCTIONS = {"ENV", "LABEL", "COPY", "ADD", "EXPOSE", "ARG", "VOLUME", "FROM"};

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    /** A word safe in every instruction above: no quotes, escapes, {@code =} or blanks. */
    private static String word(Random random) {
        String alphabet = "abcxyz019_./:-$";
        int length = 1 + random.nextInt(8);
        StringBuilder sb = new StringBuilder();
        sb.append((char) ('a' + random.nextInt(26)));
        for (int i = 1; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private record Generated(String instruction, List<String> words) {
    }

    private static Generated generate(Random random) {
        String instruction = INSTRUCTIONS[random.nextInt(INSTRUCTIONS.length)];
        int count = 1 + random.nextInt(6);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean pair = instruction.equals("ENV") || instruction.equals("LABEL")
                    || (instruction.equals("ARG") && random.nextBoolean());
            words.add(pair ? word(random) + "=" + word(random) : word(random));
        }
        return new Generated(instruction, words);
    }

    private static String writeBroken(Generated g, Random random, char escape, boolean comments) {
        StringBuilder sb = new StringBuilder(g.instruction());
        for (String w : g.words()) {
            if (random.nextInt(3) == 0) {
                sb.append(random.nextBoolean() ? " " : "").append(escape).append(random.nextBoolean() ? "" : "  ")
                        .append('\n');
                if (comments && random.nextBoolean()) {
                    sb.append(random.nextBoolean() ? "" : "   ").append("# a comment ").append(escape).append('\n');
                }
                sb.append(random.nextBoolean() ? "\t" : "    ");
            } else {
                sb.append(random.nextBoolean() ? " " : "\t");
            }
            sb.append(w);
        }
        return sb.append('\n').toString();
    }

    private static Node only(String dockerfile) throws DockerfileException {
        ParsedDockerfile parsed = DockerfileParser.parse(dockerfile.getBytes(StandardCharsets.UTF_8), "Dockerfile");
        assertThat(parsed.nodes()).hasSize(1);
        return parsed.nodes().get(0);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void continuationsNeverChangeTheWords(long seed) throws DockerfileException {
        Random random = new Random(seed);
        Generated g = generate(random);
        Node oneLine = only(g.instruction() + " " + String.join(" ", g.words()) + "\n");
        String broken = writeBroken(g, random, '\\', true);
        Node continued = only(broken);
        assertThat(continued.args()).as(broken).isEqualTo(oneLine.args());
        assertThat(continued.instruction()).isEqualTo(oneLine.instruction());
        assertThat(continued.endLine()).isEqualTo((int) broken.chars().filter(c -> c == '\n').count());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theBacktickEscapeContinuesLinesAsTheBackslashDoes(long seed) throws DockerfileException {
        Random backslash = new Random(seed);
        Random backtick = new Random(seed);
        Generated g = generate(backslash);
        generate(backtick);
        Node a = only(writeBroken(g, backslash, '\\', false));
        Node b = only("# escape=`\n" + writeBroken(g, backtick, '`', false));
        assertThat(b.args()).isEqualTo(a.args());
        assertThat(b.original()).isEqualTo(a.original());
        assertThat(b.startLine()).isEqualTo(a.startLine() + 1);
    }

    static Stream<String> corpus() throws IOException {
        try (Stream<Path> dirs = Files.list(CORPUS)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    private static String outcome(byte[] dockerfile) {
        try {
            return ParseDump.dump(DockerfileParser.parse(dockerfile, "Dockerfile"));
        } catch (DockerfileException e) {
            return "error: " + e.getMessage() + " " + e.ranges();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void crlfLineEndingsParseAsLf(String name) throws IOException {
        String text = Files.readString(CORPUS.resolve(name).resolve("Dockerfile"), StandardCharsets.UTF_8);
        if (text.contains("<<") || text.contains("\r")) {
            return; // heredoc bodies keep their line endings, as upstream's
        }
        String crlf = text.replace("\n", "\r\n");
        assertThat(outcome(crlf.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(outcome(text.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void aByteOrderMarkChangesNothing(String name) throws IOException {
        byte[] plain = Files.readAllBytes(CORPUS.resolve(name).resolve("Dockerfile"));
        if (plain.length == 0 || (plain[0] & 0xFF) == 0xEF) {
            return;
        }
        byte[] withBom = new byte[plain.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(plain, 0, withBom, 3, plain.length);
        assertThat(outcome(withBom)).isEqualTo(outcome(plain));
    }
}
