package org.jbuildkit.dockerfile.convert;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.parser.Heredoc;
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

    private static final Pattern SINGLE_HEREDOC = Pattern.compile("^<<(-?)(['\"]?)([A-Za-z0-9_.-]+)\\2$");
    static final Set<String> FLAGS = Set.of("network", "security");
    static final Set<String> REPEATABLE = Set.of("mount");

    private final ConversionContext ctx;

    RunInstruction(ConversionContext ctx) {
        this.ctx = ctx;
    }

    void dispatch(StageState d, StageState.Command cmd) throws DockerfileException {
        Node n = cmd.node();
        NodeFlags flags = flags(n, ctx);
        String customName = n.original();
        List<String> args = new ArrayList<>(n.args());
        boolean prependShell = !n.json();
        List<Mount> extraMounts = new ArrayList<>();
        if (!n.heredocs().isEmpty() && prependShell) {
            Matcher single = SINGLE_HEREDOC.matcher(args.isEmpty() ? "" : args.get(0).trim());
            Heredoc first = n.heredocs().get(0);
            if (single.matches() && n.heredocs().size() == 1) {
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
        Map<String, String> env = ConversionContext.env(d.state);
        OpConstraints c = ctx.constraints(d, n).withDescription(Map.of(ConversionContext.DF_CMD, n.original()));
        Run run = new Run(args, List.of(), Map.of(), null, null, null, null, null, false, List.of(),
                OpConstraints.none(), List.of(), null);
        if (ctx.proxy != null) {
            run = run.withProxy(ctx.proxy);
        }
        for (Mount m : extraMounts) {
            run = run.withMount(m);
        }
        for (Mount m : new RunMounts(ctx).mounts(d, cmd, flags.all("mount"), env)) {
            run = run.withMount(m);
        }
        run = withSecurity(run, flags.string("security"), n);
        run = withNetwork(run, flags.string("network"), n);
        String name = StepNames.prefix(d, StepNames.display(customName, env, ctx.escape));
        run = run.withConstraints(c.withCustomName(name));
        for (Run.HostIp h : ctx.options.extraHosts()) {
            run = run.withExtraHost(h.host(), h.ip());
        }
        d.state = d.state.run(run).root();
        d.image.commitToHistory("RUN " + runCommandString(args, d.buildArgs, env) + " # buildkit", true);
    }

    static NodeFlags flags(Node n, ConversionContext ctx) throws DockerfileException {
        try {
            return NodeFlags.parse("RUN", n.flags(), FLAGS, REPEATABLE);
        } catch (NodeFlags.FlagException e) {
            throw ctx.errors.at(n, e.getMessage());
        }
    }

    private Run withSecurity(Run run, String security, Node n) throws DockerfileException {
        return switch (security) {
            case "" -> run;
            case "sandbox" -> run.withSecurity(SecurityMode.SANDBOX);
            case "insecure" -> run.withSecurity(SecurityMode.INSECURE);
            default -> throw ctx.errors.at(n, "unsupported security mode \"" + security
                    + "\" (use --security=sandbox or --security=insecure)");
        };
    }

    private Run withNetwork(Run run, String network, Node n) throws DockerfileException {
        return switch (network) {
            case "", "default" -> run;
            case "none" -> run.withNetwork(NetMode.NONE);
            case "host" -> run.withNetwork(NetMode.HOST);
            default -> throw ctx.errors.at(n, "unsupported network mode \"" + network
                    + "\" (use --network=default, none or host)");
        };
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
