package org.jbuildkit.daemon.exporter;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.jbuildkit.api.control.SolveRequest;
import org.jbuildkit.daemon.exporter.image.ArchiveExporter;
import org.jbuildkit.daemon.exporter.image.ImageExportParts;
import org.jbuildkit.daemon.exporter.image.ImageExporter;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;

/** The output types this daemon has, by name; turns a request's outputs into an {@link ExportPlan}. */
public final class Exporters {
    private static final String EPOCH_BUILD_ARG = "build-arg:SOURCE_DATE_EPOCH";

    private final Map<String, Exporter> byType = new TreeMap<>();
    private final Executor executor;
    private final Clock clock;

    public Exporters(List<Exporter> exporters, Executor executor, Clock clock) {
        exporters.forEach(e -> byType.put(e.type(), e));
        this.executor = executor;
        this.clock = clock;
    }

    /** The file-tree outputs only, {@code local} and {@code tar}. */
    public static Exporters standard(Snapshotter snapshotter, Path mountRoot, Executor executor, Clock clock) {
        return new Exporters(List.of(new LocalExporter(snapshotter, mountRoot, executor, clock),
                new TarExporter(snapshotter, mountRoot, clock)), executor, clock);
    }

    /**
     * The outputs a worker can produce today: {@code local}, {@code tar}, the image archives {@code oci} and
     * {@code docker}, and {@code image} (pushed to a registry) when the parts carry the registry clients.
     */
    public static Exporters standard(Snapshotter snapshotter, Path mountRoot, Executor executor, Clock clock,
            ImageExportParts images) {
        List<Exporter> exporters = new ArrayList<>(List.of(new LocalExporter(snapshotter, mountRoot, executor, clock),
                new TarExporter(snapshotter, mountRoot, clock)));
        exporters.addAll(ArchiveExporter.both(images));
        if (images.resolvers() != null) {
            exporters.add(ImageExporter.of(images));
        }
        return new Exporters(exporters, executor, clock);
    }

    /**
     * Resolves the request's outputs in order (their index is their ID). A request from before
     * v0.13 with only {@code ExporterDeprecated} counts as one output, as upstream translates it;
     * {@code build-arg:SOURCE_DATE_EPOCH} becomes each output's {@code source-date-epoch} unless set.
     */
    public ExportPlan resolve(SolveRequest request) throws ExporterException {
        List<Map.Entry<String, Map<String, String>>> outputs = new ArrayList<>();
        if (request.getExportersCount() > 0) {
            request.getExportersList().forEach(e -> outputs.add(Map.entry(e.getType(), e.getAttrsMap())));
        } else if (!request.getExporterDeprecated().isEmpty()) {
            outputs.add(Map.entry(request.getExporterDeprecated(), request.getExporterAttrsDeprecatedMap()));
        }
        String epoch = request.getFrontendAttrsMap().get(EPOCH_BUILD_ARG);
        List<ExporterInstance> instances = new ArrayList<>();
        for (int id = 0; id < outputs.size(); id++) {
            String type = outputs.get(id).getKey();
            Exporter exporter = byType.get(type);
            if (exporter == null) {
                throw new ExporterException("output type \"" + type + "\" is not available in this daemon: it has "
                        + String.join(", ", byType.keySet()));
            }
            Map<String, String> attrs = new LinkedHashMap<>(outputs.get(id).getValue());
            if (epoch != null && isEpoch(epoch)) {
                attrs.putIfAbsent(TreeExportOptions.SOURCE_DATE_EPOCH, epoch);
            }
            instances.add(exporter.resolve(id, attrs));
        }
        return new ExportPlan(instances, executor, clock);
    }

    /** Upstream passes the build arg on only when it parses. */
    private static boolean isEpoch(String value) {
        try {
            Long.parseLong(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
