package org.jbuildkit.client;

import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.List;
import org.jbuildkit.api.BuildInfo;
import org.jbuildkit.client.commands.BuildCommand;
import org.jbuildkit.client.commands.DebugCommand;
import org.jbuildkit.client.commands.DiskUsageCommand;
import org.jbuildkit.client.commands.PruneCommand;
import org.jbuildkit.client.connection.DaemonUnreachableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** buildctl: the composition root of the client. Global options, then a subcommand, as upstream. */
@Command(name = "buildctl", usageHelpAutoWidth = true,
        description = "build utility",
        versionProvider = Buildctl.Version.class,
        mixinStandardHelpOptions = true,
        subcommands = {BuildCommand.class, DebugCommand.class, DiskUsageCommand.class, PruneCommand.class})
public final class Buildctl implements Runnable {
    @Mixin
    GlobalOptions global;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // grpc-netty asks for SO_KEEPALIVE, which unix sockets do not have; netty's warning about it is noise.
        System.setProperty("org.slf4j.simpleLogger.log.io.netty.bootstrap", "error");
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs buildctl with these arguments and returns its exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        Buildctl root = new Buildctl();
        CommandLine cli = new CommandLine(root);
        cli.setOut(out);
        cli.setErr(err);
        MisplacedBuildFlags.Advice advice = MisplacedBuildFlags.check(List.of(args));
        if (advice != null) {
            err.println(advice.render());
            return 1;
        }
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            report(e, root.global != null && root.global.debug, err);
            return 1;
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            err.println("error: " + e.getMessage());
            err.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public GlobalOptions global() {
        return global;
    }

    private static void report(Exception e, boolean debug, PrintWriter err) {
        if (e instanceof DaemonUnreachableException unreachable) {
            err.println("error: " + unreachable.getMessage() + ". Fix: " + unreachable.fix());
        } else if (e instanceof StatusRuntimeException status) {
            String description = status.getStatus().getDescription();
            err.println("error: " + status.getStatus().getCode() + (description == null ? "" : ": " + description));
        } else if (e instanceof IllegalArgumentException) {
            err.println("error: " + e.getMessage());
        } else {
            err.println("error: " + e);
        }
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
    }

    /** --version prints the same shape as upstream: {@code buildctl <package> <version> <revision>}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            BuildInfo info = BuildInfo.current();
            return new String[] {"buildctl " + info.packageName() + " " + info.version() + " " + info.revision()};
        }
    }
}
