package org.jbuildkit.dockerfile.parser;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jbuildkit.dockerfile.DockerfileException;
import org.junit.jupiter.api.Test;

class ParserSmokeTest {
    @Test
    void dumpAll() throws Exception {
        String dir = System.getProperty("smoke.dir");
        if (dir == null) {
            return;
        }
        try (var s = Files.list(Path.of(dir))) {
            for (Path p : s.sorted().toList()) {
                Path df = p.resolve("Dockerfile");
                if (!Files.exists(df)) continue;
                String out;
                try {
                    out = ParseDump.dump(DockerfileParser.parse(Files.readAllBytes(df), "Dockerfile"));
                } catch (DockerfileException e) {
                    out = "ERROR " + e.getMessage() + "\n";
                }
                Files.writeString(p.resolve("actual.txt"), out);
            }
        }
    }
}
