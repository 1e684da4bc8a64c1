package org.jbuildkit.client.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jbuildkit.api.control.SolveRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --output as upstream's buildctl parses it, and destinations checked before any build. */
class ClientOutputsTest {
    @TempDir
    Path tmp;

    @Test
    void fieldsAreCsvWithTheTypeAndDestTakenOut() {
        OutputSpec spec = OutputSpec.parse("type=local,dest=out,source-date-epoch=1");
        assertThat(spec.type()).isEqualTo("local");
        assertThat(spec.dest()).isEqualTo("out");
        assertThat(spec.attrs()).containsExactly(Map.entry("source-date-epoch", "1"));

        OutputSpec quoted = OutputSpec.parse("type=tar,\"dest=a,b.tar\",Name=\"x\"");
        assertThat(quoted.dest()).isEqualTo("a,b.tar");
        assertThat(quoted.attrs()).containsEntry("name", "\"x\"");
        assertThat(OutputSpec.csvFields("\"a=say \"\"hi\"\"\",b=2")).containsExactly("a=say \"hi\"", "b=2");
    }

    @Test
    void aBareValueIsALocalDirectory() {
        OutputSpec spec = OutputSpec.parse("build/out");
        assertThat(spec.type()).isEqualTo("local");
        assertThat(spec.dest()).isEqualTo("build/out");
    }

    @Test
    void badFlagsAreNamedWithTheFix() {
        assertThatThrownBy(() -> OutputSpec.parse("dest=out")).hasMessageContaining("--output requires type=<type>");
        assertThatThrownBy(() -> OutputSpec.parse("type=tar,output=x.tar"))
                .hasMessageContaining("output=x.tar not supported for --output, you meant dest=x.tar?");
        assertThatThrownBy(() -> OutputSpec.parse("type=local,dest")).hasMessageContaining("invalid value dest");
        assertThatThrownBy(() -> OutputSpec.parse("type=local,\"dest=x")).hasMessageContaining("unterminated quote");
    }

    @Test
    void everyOutputIsAnExporterInOrderAndTheFirstAlsoInTheOldFields() throws Exception {
        SolveRequest.Builder request = SolveRequest.newBuilder();
        try (ClientOutputs outputs = ClientOutputs.prepare(List.of("type=local,dest=" + tmp.resolve("a"),
                "type=tar,dest=" + tmp.resolve("b.tar") + ",source-date-epoch=5"))) {
            outputs.addTo(request);
        }
        assertThat(request.getExportersList()).extracting(e -> e.getType()).containsExactly("local", "tar");
        assertThat(request.getExporters(1).getAttrsMap()).containsExactly(Map.entry("source-date-epoch", "5"));
        assertThat(request.getExporterDeprecated()).isEqualTo("local");
        assertThat(request.getExporterAttrsDeprecatedMap()).isEmpty();
    }

    @Test
    void aTarFileIsPreparedBesideItsDestAndDroppedWhenNeverWritten() throws Exception {
        Path tar = Files.writeString(tmp.resolve("old.tar"), "previous");
        try (ClientOutputs outputs = ClientOutputs.prepare(List.of("type=tar,dest=" + tar))) {
            try (Stream<Path> files = Files.list(tmp)) {
                assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith(".old.tar.")
                        && n.endsWith(".partial"));
            }
        }
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("old.tar");
        }
        assertThat(Files.readString(tar)).isEqualTo("previous");
    }

    @Test
    void destinationsThatCannotWorkFailBeforeTheBuild() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> ClientOutputs.prepare(List.of("type=local")))
                .hasMessageContaining("output directory is required for local exporter");
        assertThatThrownBy(() -> ClientOutputs.prepare(List.of("type=local,dest=" + file + "/under")))
                .hasMessageContaining("cannot create the output directory " + file + "/under");
        assertThatThrownBy(() -> ClientOutputs.prepare(List.of("type=tar,dest=" + tmp)))
                .hasMessageContaining("destination file is a directory");
        assertThatThrownBy(() -> ClientOutputs.prepare(List.of("type=tar,dest=" + tmp.resolve("no/such/dir/x.tar"))))
                .hasMessageContaining("cannot write --output dest " + tmp.resolve("no/such/dir/x.tar"));
        assertThatThrownBy(() -> ClientOutputs.prepare(List.of("type=tar,dest=-", "type=tar")))
                .hasMessageContaining("two --output write to stdout");
        assertThatThrownBy(() -> ClientOutputs.prepare(List.of("type=image,name=x,dest=y")))
                .hasMessageContaining("output y is not supported by image exporter");
        assertThatThrownBy(() -> ClientOutputs.prepare(List.of("type=local,dest=" + tmp.resolve("d"),
                "type=tar,dest=" + tmp))).hasMessageContaining("destination file is a directory");
    }
}
