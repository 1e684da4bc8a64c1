package org.jbuildkit.dockerfile.convert;

import java.util.Locale;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.instructions.InstructionFlagException;
import org.jbuildkit.dockerfile.instructions.InstructionFlags;
import org.jbuildkit.dockerfile.parser.Node;

/** Sends each instruction of a stage to the class that converts it (upstream's {@code dispatch}). */
final class InstructionDispatcher {

    private final ConversionContext ctx;
    private final RunInstruction run;
    private final CopyInstruction copy;
    private final WorkdirInstruction workdir;
    private final ArgInstruction arg;
    private final ImageConfigInstructions config;
    private final Words words;

    InstructionDispatcher(ConversionContext ctx) {
        this.ctx = ctx;
        this.run = new RunInstruction(ctx);
        this.copy = new CopyInstruction(ctx);
        this.workdir = new WorkdirInstruction(ctx);
        this.arg = new ArgInstruction(ctx);
        this.config = new ImageConfigInstructions(ctx);
        this.words = new Words(ctx);
    }

    WorkdirInstruction workdir() {
        return workdir;
    }

    void dispatch(StageState d, StageState.Command cmd) throws DockerfileException {
        Node n = cmd.node();
        String instr = n.instruction().toLowerCase(Locale.ROOT);
        if (!instr.equals("run") && !instr.equals("copy") && !instr.equals("add") && !instr.equals("healthcheck")) {
            try {
                InstructionFlags.of(instr).parse(n.flags());
            } catch (InstructionFlagException e) {
                throw ctx.errors.at(n, e.getMessage(), e);
            }
        }
        switch (instr) {
            case "run" -> run.dispatch(d, cmd);
            case "copy" -> copy.dispatch(d, cmd, false);
            case "add" -> copy.dispatch(d, cmd, true);
            case "workdir" -> workdir.dispatch(d, words.word(n.args().isEmpty() ? "" : n.args().get(0),
                    ConversionContext.env(d.state), n), n);
            case "arg" -> arg.dispatch(d, n);
            case "env" -> config.env(d, n);
            case "label" -> config.label(d, n);
            case "cmd" -> config.cmd(d, n);
            case "entrypoint" -> config.entrypoint(d, n);
            case "shell" -> config.shell(d, n);
            case "expose" -> config.expose(d, n);
            case "volume" -> config.volume(d, n);
            case "user" -> config.user(d, n);
            case "stopsignal" -> config.stopSignal(d, n);
            case "maintainer" -> config.maintainer(d, n);
            case "onbuild" -> config.onbuild(d, n);
            case "healthcheck" -> config.healthcheck(d, n);
            case "from" -> throw ctx.errors.at(n, "FROM cannot be used here");
            default -> throw ctx.errors.at(n, "unknown instruction: " + n.keyword().toUpperCase(Locale.ROOT));
        }
    }
}
