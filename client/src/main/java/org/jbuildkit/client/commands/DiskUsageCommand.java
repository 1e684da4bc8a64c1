package org.jbuildkit.client.commands;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jbuildkit.api.control.DiskUsageRequest;
import org.jbuildkit.api.control.DiskUsageResponse;
import org.jbuildkit.api.control.UsageRecord;
import org.jbuildkit.client.Buildctl;
import org.jbuildkit.client.DaemonCall;
import org.jbuildkit.client.output.TabWriter;
import org.jbuildkit.client.output.UsageListing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code buildctl du}: disk usage of the build cache. */
@Command(name = "du", aliases = "diskusage", description = "disk usage")
public final class DiskUsageCommand implements Callable<Integer> {
    @ParentCommand
    Buildctl buildctl;

    @Spec
    CommandSpec spec;

    @Option(names = "--filter", paramLabel = "value", description = "Filter records")
    List<String> filters = new ArrayList<>();

    @Option(names = {"--verbose", "-v"}, description = "Verbose output")
    boolean verbose;

    @Override
    public Integer call() {
        DiskUsageResponse response = DaemonCall.run(buildctl.global(),
                control -> control.diskUsage(DiskUsageRequest.newBuilder().addAllFilter(filters).build()));
        List<UsageRecord> records = new ArrayList<>(response.getRecordList());
        records.sort((a, b) -> Long.compare(b.getSize(), a.getSize()));
        PrintWriter out = spec.commandLine().getOut();
        TabWriter tw = TabWriter.upstream();
        if (verbose) {
            records.forEach(record -> UsageListing.verbose(tw, record));
        } else {
            UsageListing.tableHeader(tw);
            Instant now = Instant.now();
            records.forEach(record -> UsageListing.tableRow(tw, record, now));
        }
        out.print(tw.render());
        if (filters.isEmpty()) {
            out.print(UsageListing.summary(records));
        }
        out.flush();
        return 0;
    }
}
