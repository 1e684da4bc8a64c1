package org.jbuildkit.client.output;

import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jbuildkit.api.pb.Platform;
import org.jbuildkit.api.types.BuildkitVersion;
import org.jbuildkit.api.types.GCPolicy;
import org.jbuildkit.api.types.WorkerRecord;

/** Renders {@code buildctl debug workers [-v]} and {@code debug labels} in upstream's layout. */
public final class WorkerListing {
    private WorkerListing() {
    }

    public static String table(List<WorkerRecord> workers) {
        TabWriter tw = TabWriter.upstream();
        tw.println("ID\tPLATFORMS");
        for (WorkerRecord worker : workers) {
            tw.println(worker.getID() + "\t" + platforms(worker.getPlatformsList()));
        }
        return tw.render();
    }

    public static String verbose(List<WorkerRecord> workers) {
        TabWriter tw = TabWriter.upstream();
        for (WorkerRecord worker : workers) {
            tw.println("ID:\t" + worker.getID());
            tw.println("Platforms:\t" + platforms(worker.getPlatformsList()));
            BuildkitVersion version = worker.getBuildkitVersion();
            tw.println("BuildKit:\t" + version.getPackage() + " " + version.getVersion() + " " + version.getRevision());
            tw.println("Labels:");
            new TreeMap<>(worker.getLabelsMap()).forEach((key, value) -> tw.println("\t" + key + ":\t" + value));
            int rule = 0;
            for (GCPolicy policy : worker.getGCPolicyList()) {
                tw.println("GC Policy rule#" + rule++ + ":");
                tw.println("\tAll:\t" + policy.getAll());
                if (policy.getFiltersCount() > 0) {
                    tw.println("\tFilters:\t" + String.join(" ", policy.getFiltersList()));
                }
                if (policy.getKeepDuration() > 0) {
                    tw.println("\tKeep Duration:\t" + GoFormat.duration(policy.getKeepDuration()));
                }
                if (policy.getReservedSpace() > 0) {
                    tw.println("\tReserved Space:\t" + GoFormat.bytesBinary(policy.getReservedSpace()));
                }
                if (policy.getMaxUsedSpace() > 0) {
                    tw.println("\tMax Used Space:\t" + GoFormat.bytesBinary(policy.getMaxUsedSpace()));
                }
                if (policy.getMinFreeSpace() > 0) {
                    tw.println("\tMin Free Space:\t" + GoFormat.bytesBinary(policy.getMinFreeSpace()));
                }
            }
            tw.println("");
        }
        return tw.render();
    }

    /** The seed's {@code buildctl debug labels}: every worker's labels, one per line. */
    public static String labels(List<WorkerRecord> workers) {
        TabWriter tw = TabWriter.upstream();
        for (WorkerRecord worker : workers) {
            if (workers.size() > 1) {
                tw.println("Worker " + worker.getID() + ":");
            }
            new TreeMap<>(worker.getLabelsMap()).forEach((key, value) -> tw.println(key + ":\t" + value));
        }
        return tw.render();
    }

    static String platforms(List<Platform> platforms) {
        return platforms.stream().map(WorkerListing::platform).collect(Collectors.joining(","));
    }

    static String platform(Platform p) {
        String s = p.getOS() + "/" + p.getArchitecture();
        return p.getVariant().isEmpty() ? s : s + "/" + p.getVariant();
    }
}
