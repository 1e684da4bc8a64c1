package org.jbuildkit.dockerfile.convert;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.instructions.InstructionFlagException;
import org.jbuildkit.dockerfile.instructions.RunFlags;
import org.jbuildkit.dockerfile.instructions.SecurityFlag;
import org.jbuildkit.dockerfile.parser.Heredoc;
import org.jbuildkit.dockerfile.shell.ShellLex;
import org.jbuildkit.dockerfile.parser.Node;
import org.jbuildkit.llb.FileActions;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Mount;
import org.jbuildkit.llb.NetMode;
import org.jbuildkit.llb.OpConstraints;
import org.jbuildkit.llb.Run;
import org.jbuildkit.llb.SecurityMode;
import org.jbuildkit.llb.State;

/** {@code RUN}: shell or JSON form, here-documents, {@code --mount}, {@code --network}, {@code --security}. */
final class RunInstruction {


    private final ConversionContext ctx;

    RunInstruction(ConversionContext ctx) {
        this.ctx = ctx;
    }

    void dispatch(StageState d, StageState.Command cmd) throws DockerfileException {
        Node n = cmd.node();
        Map<String, String> env = ConversionContext.env(d.state);
        RunFlags flags = flags(n, env, ctx);
        if (!flags.devices().isEmpty()) {
            throw ctx.errors.at(n, "RUN --device is not supported yet: remove the --device flag");
        }
        String customName = n.original();
        List<String> args = new ArrayList<>(n.args());
        boolean prependShell = !n.json();
        List<Mount> extraMounts = new ArrayList<>();
        if (!n.heredocs().isEmpty() && prependShell) {
            boolean single = !args.isEmpty() && Heredoc.parseWord(args.get(0)).isPresent();
            Heredoc first = n.heredocs().get(0);
            if (single) {
                if (first.content().startsWith("#!") && !d.image.os().equals("windows")) {
                    State doc = Llb.scratch().withDir("/").file(
                            FileActions.mkfile(first.name(), 0755, first.content().getBytes(StandardCharsets.UTF_8)),
                            OpConstraints.customName("[internal] preparing inline document"));
                    extraMounts.add(Mount.bind("/dev/pipes/", doc).withSelector("/").readOnly());
                    args = List.of("/dev/pipes/" + first.name());
                    prependShell = false;
                    customName += " (" + summarize(first.content()) + ")";
                } else {
                    args = List.of(first.content());
                    customName += " (" + summarize(first.content()) + ")";
                }
            } else {
                StringBuilder full = new StringBuilder(args.isEmpty() ? "" : args.get(0));
                for (Heredoc h : n.heredocs()) {
                    full.append('\n').append(h.content()).append(h.name());
                }
                args = List.of(full.toString());
            }
        }
        if (prependShell) {
            args = withShell(d.image, args);
        }
        if (args.isEmpty()) {
            throw ctx.errors.at(n, "RUN needs a command: write RUN <command> or RUN [\"executable\", \"arg\"]");
        }
        OpConstraints c = ctx.constraints(d, n).withDescription(Map.of(ConversionContext.DF_CMD, n.original()));
        Run run = new Run(args, List.of(), Map.of(), null, null, null, null, null, false, List.of(),
                OpConstraints.none(), List.of(), null);
        if (ctx.proxy != null) {
            run = run.withProxy(ctx.proxy);
        }
        for (Mount m : extraMounts) {
            run = run.withMount(m);
        }
        for (Mount m : new RunMounts(ctx).mounts(d, cmd, flags.mounts())) {
            run = run.withMount(m);
        }
        if (flags.security() == SecurityFlag.INSECURE) {
            run = run.withSecurity(SecurityMode.INSECURE);
        } else if (flags.flagsUsed().contains("security")) {
            run = run.withSecurity(SecurityMode.SANDBOX);
        }
        switch (flags.network()) {
            case NONE -> run = run.withNetwork(NetMode.NONE);
            case HOST -> run = run.withNetwork(NetMode.HOST);
            default -> {
            }
        }
        String name = StepNames.prefix(d, StepNames.display(customName, env, ctx.escape));
        run = run.withConstraints(c.withCustomName(name));
        for (Run.HostIp h : ctx.options.extraHosts()) {
            run = run.withExtraHost(h.host(), h.ip());
        }
        d.state = d.state.run(run).root();
        d.image.commitToHistory("RUN " + runCommandString(args, d.buildArgs, env) + " # buildkit", true);
    }

    /** RUN's flags, each --mount field expanded against {@code env} (upstream's {@code setMountState}). */
    static RunFlags flags(Node n, Map<String, String> env, ConversionContext ctx) throws DockerfileException {
        try {
            return RunFlags.parse(n.flags(), word -> ctx.lex.processWord(word, env).result());
        } catch (InstructionFlagException e) {
            throw ctx.errors.at(n, e.getMessage(), e);
        } catch (ShellLex.ShellSyntaxException e) {
            throw ctx.errors.at(n, e.getMessage() + " in a --mount value", e);
        }
    }

    /** The shell of the image (SHELL) or {@code /bin/sh -c}, with the command line joined as one argument. */
    static List<String> withShell(ImageConfig image, List<String> args) {
        List<String> shell = new ArrayList<>(image.shell());
        if (shell.isEmpty()) {
            shell = image.os().equals("windows") ? List.of("cmd", "/S", "/C") : List.of("/bin/sh", "-c");
        }
        List<String> out = new ArrayList<>(shell);
        out.add(String.join(" ", args));
        return out;
    }

    /** The history line's command: {@code |N K=v …} for the stage's build args, then the args. */
    static String runCommandString(List<String> args, List<StageState.ArgValue> buildArgs, Map<String, String> env) {
        List<String> parts = new ArrayList<>();
        for (StageState.ArgValue a : buildArgs) {
            String v = env.containsKey(a.key()) ? env.get(a.key()) : a.valueString();
            parts.add(a.key() + "=" + v);
        }
        if (!parts.isEmpty()) {
            parts.add(0, "|" + parts.size());
        }
        parts.addAll(args);
        return String.join(" ", parts);
    }

    static String summarize(String doc) {
        String[] lines = doc.strip().replace("\r\n", "\n").split("\n", -1);
        return lines.length > 1 ? lines[0] + "..." : lines[0];
    }
}
