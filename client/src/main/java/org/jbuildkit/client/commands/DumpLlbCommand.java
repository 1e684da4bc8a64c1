package org.jbuildkit.client.commands;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jbuildkit.llb.DotRenderer;
import org.jbuildkit.llb.JsonRenderer;
import org.jbuildkit.llb.LlbDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code buildctl debug dump-llb [--dot] [FILE|-]}: prints a marshaled {@code pb.Definition} as one JSON object
 * per op, or as a Graphviz graph, exactly as upstream does. Needs no daemon.
 */
@Command(name = "dump-llb", description = "dump LLB in human-readable format. LLB can be also passed via stdin."
        + " This command does not require the daemon to be running.")
final class DumpLlbCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dot", description = "Output dot format")
    boolean dot;

    @Parameters(arity = "0..1", paramLabel = "<llbfile>", description = "file holding the definition; - or none for stdin")
    String file;

    /** Where the definition comes from when no file is named; replaced in tests. */
    InputStream stdin = System.in;

    @Override
    public Integer call() {
        LlbDefinition def;
        try (InputStream in = file == null || file.equals("-") ? stdin : Files.newInputStream(Path.of(file))) {
            def = LlbDefinition.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("reading the LLB definition from "
                    + (file == null || file.equals("-") ? "stdin" : file), e);
        }
        spec.commandLine().getOut().print(dot ? DotRenderer.render(def) : JsonRenderer.render(def));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
