package org.jbuildkit.client.commands;

import java.util.concurrent.Callable;
import org.jbuildkit.api.control.InfoRequest;
import org.jbuildkit.api.control.InfoResponse;
import org.jbuildkit.api.control.ListWorkersRequest;
import org.jbuildkit.api.control.ListWorkersResponse;
import org.jbuildkit.api.types.BuildkitVersion;
import org.jbuildkit.client.Buildctl;
import org.jbuildkit.client.DaemonCall;
import org.jbuildkit.client.GlobalOptions;
import org.jbuildkit.client.output.WorkerListing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code buildctl debug …}: workers, info and labels. */
@Command(name = "debug", description = "debug utilities",
        subcommands = {DebugCommand.Workers.class, DebugCommand.Info.class, DebugCommand.Labels.class,
            RegistryProbeCommand.class, DumpLlbCommand.class})
public final class DebugCommand implements Runnable {
    @ParentCommand
    Buildctl buildctl;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    GlobalOptions global() {
        return buildctl.global();
    }

    @Command(name = "workers", description = "list workers")
    static final class Workers implements Callable<Integer> {
        @ParentCommand
        DebugCommand debug;

        @Spec
        CommandSpec spec;

        @Option(names = "--filter", paramLabel = "value", description = "containerd-style filter string slice")
        java.util.List<String> filters = new java.util.ArrayList<>();

        @Option(names = {"--verbose", "-v"}, description = "Verbose output")
        boolean verbose;

        @Override
        public Integer call() {
            ListWorkersResponse response = DaemonCall.run(debug.global(),
                    control -> control.listWorkers(ListWorkersRequest.newBuilder().addAllFilter(filters).build()));
            spec.commandLine().getOut().print(verbose
                    ? WorkerListing.verbose(response.getRecordList())
                    : WorkerListing.table(response.getRecordList()));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "info", description = "display internal information")
    static final class Info implements Callable<Integer> {
        @ParentCommand
        DebugCommand debug;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            InfoResponse response = DaemonCall.run(debug.global(),
                    control -> control.info(InfoRequest.getDefaultInstance()));
            BuildkitVersion version = response.getBuildkitVersion();
            spec.commandLine().getOut().println("BuildKit: " + version.getPackage() + " " + version.getVersion()
                    + " " + version.getRevision());
            return 0;
        }
    }

    @Command(name = "labels", description = "print the labels of every worker")
    static final class Labels implements Callable<Integer> {
        @ParentCommand
        DebugCommand debug;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ListWorkersResponse response = DaemonCall.run(debug.global(),
                    control -> control.listWorkers(ListWorkersRequest.getDefaultInstance()));
            spec.commandLine().getOut().print(WorkerListing.labels(response.getRecordList()));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
