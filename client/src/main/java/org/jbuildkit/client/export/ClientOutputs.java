package org.jbuildkit.client.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jbuildkit.api.control.Exporter;
import org.jbuildkit.api.control.SolveRequest;
import org.jbuildkit.session.Session;
import org.jbuildkit.session.filesync.FileSendTarget;

/**
 * A build's {@code --output}s on the client (upstream's {@code client/solve.go}): the exporters asked
 * of the daemon, in order (the index is each one's ID), and the FileSend target that receives those
 * the client writes: {@code local} into a directory, {@code tar} (and {@code oci}/{@code docker}
 * tarballs) into a file or stdout. Destinations are checked, and files prepared, before the build.
 */
public final class ClientOutputs implements AutoCloseable {
    private final List<OutputSpec> specs;
    private final ExecutorService transfers;
    private final FileSendTarget target;
    private final List<FileDestination> files = new ArrayList<>();

    private ClientOutputs(List<OutputSpec> specs) {
        this.specs = List.copyOf(specs);
        this.transfers = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "buildctl-output");
            t.setDaemon(true);
            return t;
        });
        this.target = new FileSendTarget(transfers);
    }

    /** Parses the flags and prepares every destination; a destination that cannot be written fails here. */
    public static ClientOutputs prepare(List<String> flags) {
        List<OutputSpec> specs = flags.stream().map(OutputSpec::parse).toList();
        ClientOutputs outputs = new ClientOutputs(specs);
        try {
            boolean stdoutTaken = false;
            for (int id = 0; id < specs.size(); id++) {
                OutputSpec spec = specs.get(id);
                switch (kind(spec)) {
                    case DIRECTORY -> outputs.target.directory(id, directory(spec));
                    case FILE -> {
                        if (spec.dest() == null || spec.dest().isEmpty() || spec.dest().equals("-")) {
                            if (stdoutTaken) {
                                throw new IllegalArgumentException("two --output write to stdout; give all but one"
                                        + " of them dest=FILE");
                            }
                            stdoutTaken = true;
                            outputs.target.file(id, StdoutDestination.prepare(spec.type()));
                        } else {
                            FileDestination file = FileDestination.prepare(spec.type(), spec.dest());
                            outputs.files.add(file);
                            outputs.target.file(id, file);
                        }
                    }
                    case NONE -> {
                        if (spec.dest() != null) {
                            throw new IllegalArgumentException("output " + spec.dest() + " is not supported by "
                                    + spec.type() + " exporter: it writes nowhere on this machine; drop dest=");
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            outputs.close();
            throw e;
        }
        return outputs;
    }

    /** Adds the exporters to the request; the first also in the pre-0.13 fields, as upstream's client does. */
    public void addTo(SolveRequest.Builder request) {
        for (int i = 0; i < specs.size(); i++) {
            OutputSpec spec = specs.get(i);
            request.addExporters(Exporter.newBuilder().setType(spec.type()).putAllAttrs(spec.attrs()));
            if (i == 0) {
                request.setExporterDeprecated(spec.type()).putAllExporterAttrsDeprecated(spec.attrs());
            }
        }
    }

    /** Serves the FileSend target on the session when any output is written here. */
    public void attachTo(Session session) {
        if (!target.isEmpty()) {
            session.allow(target.service());
        }
    }

    /** Drops files of outputs that were never completed and stops the transfer threads. */
    @Override
    public void close() {
        files.forEach(FileDestination::close);
        transfers.shutdownNow();
    }

    private enum Kind { DIRECTORY, FILE, NONE }

    private static Kind kind(OutputSpec spec) {
        return switch (spec.type()) {
            case "local" -> Kind.DIRECTORY;
            case "tar" -> Kind.FILE;
            case "oci", "docker" -> {
                // Upstream reads tar with strconv.ParseBool and falls back to true.
                if (List.of("0", "f", "F", "false", "FALSE", "False").contains(spec.attrs().getOrDefault("tar", ""))) {
                    throw new IllegalArgumentException("--output type=" + spec.type() + ",tar=false (an OCI layout"
                            + " directory) is not available in this buildctl yet; leave tar at its default");
                }
                yield Kind.FILE;
            }
            default -> Kind.NONE;
        };
    }

    /** The directory a local output goes to; it is made when the export starts, so only check it could be. */
    private static Path directory(OutputSpec spec) {
        if (spec.dest() == null || spec.dest().isEmpty()) {
            throw new IllegalArgumentException("output directory is required for " + spec.type() + " exporter: add"
                    + " dest=DIR to --output type=" + spec.type());
        }
        Path dir = Path.of(spec.dest()).toAbsolutePath();
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--output dest " + spec.dest() + " exists and is not a directory;"
                        + " give a directory for type=" + spec.type() + " (type=tar writes a single file)");
            }
            return dir;
        }
        Path existing = dir.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new IllegalArgumentException("cannot create the output directory " + spec.dest() + ": " + existing
                    + " is not a writable directory; choose another dest");
        }
        return dir;
    }
}
