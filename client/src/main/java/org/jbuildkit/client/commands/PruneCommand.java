package org.jbuildkit.client.commands;

import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.jbuildkit.api.control.PruneRequest;
import org.jbuildkit.api.control.UsageRecord;
import org.jbuildkit.client.Buildctl;
import org.jbuildkit.client.connection.DaemonConnection;
import org.jbuildkit.client.connection.DaemonUnreachableException;
import org.jbuildkit.client.output.GoDurationParser;
import org.jbuildkit.client.output.GoFormat;
import org.jbuildkit.client.output.TabWriter;
import org.jbuildkit.client.output.UsageListing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import org.jbuildkit.api.control.ControlGrpc;

/** {@code buildctl prune}: remove build cache, streaming each removed record as upstream does. */
@Command(name = "prune", description = "clean up build cache")
public final class PruneCommand implements Callable<Integer> {
    @ParentCommand
    Buildctl buildctl;

    @Spec
    CommandSpec spec;

    @Option(names = "--keep-duration", paramLabel = "value", description = "Keep data newer than this limit (e.g. 48h)")
    String keepDuration;

    @Option(names = "--keep-storage", paramLabel = "value", description = "Keep data below this limit (in MB)")
    double keepStorageMb;

    @Option(names = "--reserved-space", paramLabel = "value", description = "Keep at least this much cache (in MB)")
    double reservedSpaceMb;

    @Option(names = "--max-used-space", paramLabel = "value", description = "Maximum cache size (in MB)")
    double maxUsedSpaceMb;

    @Option(names = "--min-free-space", paramLabel = "value", description = "Target free disk space after pruning (in MB)")
    double minFreeSpaceMb;

    @Option(names = "--filter", paramLabel = "value", description = "Filter records")
    List<String> filters = new ArrayList<>();

    @Option(names = "--all", description = "Include internal/frontend references")
    boolean all;

    @Option(names = {"--verbose", "-v"}, description = "Verbose output")
    boolean verbose;

    @Override
    public Integer call() {
        long reserved = megabytes(Math.max(keepStorageMb, reservedSpaceMb), "--keep-storage/--reserved-space");
        PruneRequest request = PruneRequest.newBuilder()
                .addAllFilter(filters)
                .setAll(all)
                .setKeepDuration(keepDuration == null ? 0 : GoDurationParser.parse(keepDuration, "--keep-duration"))
                .setReservedSpace(reserved)
                .setMaxUsedSpace(megabytes(maxUsedSpaceMb, "--max-used-space"))
                .setMinFreeSpace(megabytes(minFreeSpaceMb, "--min-free-space"))
                .build();
        PrintWriter out = spec.commandLine().getOut();
        TabWriter tw = TabWriter.upstream();
        long total = 0;
        boolean first = true;
        Instant now = Instant.now();
        try (DaemonConnection connection = buildctl.global().connect()) {
            try {
                Iterator<UsageRecord> removed = ControlGrpc.newBlockingStub(connection.channel()).prune(request);
                while (removed.hasNext()) {
                    UsageRecord record = removed.next();
                    total += record.getSize();
                    if (verbose) {
                        UsageListing.verbose(tw, record);
                    } else {
                        if (first) {
                            UsageListing.tableHeader(tw);
                            first = false;
                        }
                        UsageListing.tableRow(tw, record, now);
                    }
                }
            } catch (StatusRuntimeException e) {
                throw DaemonUnreachableException.translate(e, connection, buildctl.global().timeoutSeconds());
            }
        }
        out.print(tw.render());
        out.print(TabWriter.upstream().println("Total:\t" + GoFormat.bytesFixed(total)).render());
        out.flush();
        return 0;
    }

    private static long megabytes(double mb, String flag) {
        if (mb < 0) {
            throw new IllegalArgumentException(flag + " must not be negative (got " + mb + ")");
        }
        return (long) (mb * 1e6);
    }
}
