package org.jbuildkit.e2e.progress;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.api.pb.Location;
import org.jbuildkit.api.pb.Locations;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.Position;
import org.jbuildkit.api.pb.Range;
import org.jbuildkit.api.pb.Source;
import org.jbuildkit.api.pb.SourceInfo;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ProjectLayout;

/** Runs LLB definitions through the real buildctl with a chosen --progress, plainly or inside a pty. */
final class ProgressBuilds {
    private final DaemonFixture daemon;
    private final Path dir;

    ProgressBuilds(DaemonFixture daemon, Path dir) {
        this.daemon = daemon;
        this.dir = dir;
    }

    private Path write(Definition definition) {
        try {
            return Files.write(dir.resolve("def-" + System.nanoTime()), definition.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> buildctl(String progress, String... extra) {
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(), "--addr",
                daemon.unixAddress(), "build", "--progress", progress));
        command.addAll(List.of(extra));
        return command;
    }

    /** stderr is a file here, not a terminal. */
    CommandResult run(Definition definition, String progress, String... extra) {
        return Commands.run(buildctl(progress, extra), Map.of(), 180, write(definition));
    }

    /**
     * Inside a pseudo-terminal made by util-linux {@code script}: what the terminal received (stdout
     * and stderr of buildctl), with the pty's CR LF turned back into LF.
     */
    CommandResult runInTerminal(Definition definition, String progress, Map<String, String> env) {
        String inner = String.join(" ", buildctl(progress).stream().map(ProgressBuilds::quote).toList())
                + " < " + quote(write(definition).toString());
        CommandResult result = Commands.run(List.of("script", "-qfec", inner, "/dev/null"), env, 180);
        return new CommandResult(result.exitCode(), result.stdout().replace("\r\n", "\n"), result.stderr());
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The digest of the definition's head vertex (the op the terminal op points at). */
    static String head(Definition definition) {
        try {
            return Op.parseFrom(definition.getDef(definition.getDefCount() - 1)).getInputs(0).getDigest();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The definition with a source map placing {@code vertex} at {@code line} of a Dockerfile, as a frontend would. */
    static Definition withSource(Definition definition, String vertex, String dockerfile, int line) {
        Range range = Range.newBuilder().setStart(Position.newBuilder().setLine(line))
                .setEnd(Position.newBuilder().setLine(line)).build();
        return definition.toBuilder().setSource(Source.newBuilder()
                .addInfos(SourceInfo.newBuilder().setFilename("Dockerfile").setLanguage("Dockerfile")
                        .setData(ByteString.copyFromUtf8(dockerfile)))
                .putLocations(vertex, Locations.newBuilder()
                        .addLocations(Location.newBuilder().setSourceIndex(0).addRanges(range)).build()))
                .build();
    }
}
