package org.jbuildkit.daemon.worker;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jbuildkit.api.pb.Platform;
import org.jbuildkit.api.types.GCPolicy;

/** What the daemon says about its one OCI worker: ID, labels, platforms and GC policy. */
public record WorkerInfo(String id, Map<String, String> labels, List<Platform> platforms, List<GCPolicy> gcPolicies) {
    public static final String LABEL_PREFIX = "org.mobyproject.buildkit.worker.";

    public WorkerInfo {
        labels = Map.copyOf(new TreeMap<>(labels));
        platforms = List.copyOf(platforms);
        gcPolicies = List.copyOf(gcPolicies);
    }

    /** Upstream's standard labels for an OCI worker, before [worker.oci.labels] are added. */
    public static Map<String, String> standardLabels(String hostname, String snapshotter, boolean processSandbox,
            String network) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(LABEL_PREFIX + "executor", "oci");
        labels.put(LABEL_PREFIX + "hostname", hostname);
        labels.put(LABEL_PREFIX + "network", network);
        labels.put(LABEL_PREFIX + "oci.process-mode", processSandbox ? "sandbox" : "no-sandbox");
        labels.put(LABEL_PREFIX + "selinux.enabled", "false");
        labels.put(LABEL_PREFIX + "snapshotter", snapshotter);
        return labels;
    }
}
