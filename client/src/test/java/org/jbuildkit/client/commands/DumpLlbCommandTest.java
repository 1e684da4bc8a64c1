package org.jbuildkit.client.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code buildctl debug dump-llb} against a definition and dump made by upstream's frontend and buildctl. */
class DumpLlbCommandTest {

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DumpLlbCommandTest.class.getResourceAsStream("/dump-llb/" + name)) {
            return in.readAllBytes();
        }
    }

    private static String run(byte[] stdin, String... args) {
        DumpLlbCommand command = new DumpLlbCommand();
        command.stdin = new ByteArrayInputStream(stdin);
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute(args)).isZero();
        return out.toString();
    }

    private static List<JsonNode> lines(String text) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : text.split("\n")) {
            nodes.add(mapper.readTree(line));
        }
        return nodes;
    }

    @Test
    void jsonDumpOfStdinMatchesUpstreamDumpLlb() throws IOException {
        String ours = run(resource("llb.pb"));
        String upstream = new String(resource("llb.json"), StandardCharsets.UTF_8);
        assertThat(lines(ours)).isEqualTo(lines(upstream));
        assertThat(ours).isEqualTo(upstream);
    }

    @Test
    void dotDumpDrawsOpsAndEdges() throws IOException {
        String dot = run(resource("llb.pb"), "--dot");
        assertThat(dot).startsWith("digraph {\n").endsWith("}\n").contains("shape=\"ellipse\"")
                .contains("shape=\"box\"").contains(" -> ");
    }
}
