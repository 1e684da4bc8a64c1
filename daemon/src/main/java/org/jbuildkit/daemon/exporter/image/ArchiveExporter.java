package org.jbuildkit.daemon.exporter.image;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jbuildkit.daemon.exporter.ExportSource;
import org.jbuildkit.daemon.exporter.Exporter;
import org.jbuildkit.daemon.exporter.ExporterException;
import org.jbuildkit.daemon.exporter.ExporterInstance;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.ThrottledStatus;
import org.jbuildkit.daemon.worker.content.ContentStore;
import org.jbuildkit.session.filesync.FileSendCalls;
import org.jbuildkit.session.filesync.FileSendMethods;
import org.jbuildkit.session.manager.Caller;

/**
 * {@code --output type=oci|docker,dest=FILE|-[,name=…]}: the result as an image tarball streamed over the
 * session to the client's FileSend target (which writes FILE or its stdout), as upstream's {@code exporter/oci}:
 * an OCI image layout with OCI media types for {@code oci}; for {@code docker} also {@code docker load}'s files and
 * Docker media types. {@code oci-mediatypes=} switches the family either way.
 */
public final class ArchiveExporter implements Exporter {
    private final boolean docker;
    private final ImageAssembler assembler;
    private final ContentStore content;
    private final Clock clock;

    private ArchiveExporter(boolean docker, ImageAssembler assembler, ContentStore content, Clock clock) {
        this.docker = docker;
        this.assembler = assembler;
        this.content = content;
        this.clock = clock;
    }

    /** {@code type=oci} and {@code type=docker} over one image assembler. */
    public static List<Exporter> both(ImageExportParts parts) {
        ImageAssembler assembler = parts.assembler();
        return List.of(new ArchiveExporter(false, assembler, parts.content(), parts.clock()),
                new ArchiveExporter(true, assembler, parts.content(), parts.clock()));
    }

    @Override
    public String type() {
        return docker ? "docker" : "oci";
    }

    @Override
    public ExporterInstance resolve(int id, Map<String, String> attrs) throws ExporterException {
        ImageExportOptions options = ImageExportOptions.parse(type(), attrs, !docker);
        return new Instance(id, options);
    }

    private final class Instance implements ExporterInstance {
        private final int id;
        private final ImageExportOptions options;

        Instance(int id, ImageExportOptions options) {
            this.id = id;
            this.options = options;
        }

        @Override
        public String name() {
            return "exporting to " + (docker ? "docker image format" : "oci image format");
        }

        @Override
        public void check(Caller session) throws ExporterException {
            if (!session.supports(FileSendMethods.URL)) {
                throw new ExporterException("output type " + type() + " is written by the client, but the client of"
                        + " session " + session.id() + " serves no FileSend target (" + FileSendMethods.URL
                        + "); use a client that attaches one for its --output, as buildctl does");
            }
        }

        @Override
        public Map<String, String> export(ExportSource result, Caller session, ExecContext progress)
                throws Exception {
            ThrottledStatus layers = ThrottledStatus.start(progress, clock, "exporting layers", "", 0);
            AssembledImage image;
            try {
                image = assembler.assemble(result, options, progress::cancelled);
            } finally {
                layers.complete();
            }
            ThrottledStatus manifest = ThrottledStatus.start(progress, clock,
                    "exporting manifest " + image.manifest().digest(), "", 0);
            manifest.complete();
            ThrottledStatus config = ThrottledStatus.start(progress, clock,
                    "exporting config " + image.config().digest(), "", 0);
            config.complete();
            ThrottledStatus sending = ThrottledStatus.start(progress, clock, "sending tarball", "", 0);
            FileSendCalls.FileStream out = FileSendCalls.fileWriter(session, id, Map.of());
            try {
                OutputStream buffered = new BufferedOutputStream(out, 1 << 20);
                new ImageLayoutTar(docker).write(image, options.references(), content,
                        options.epochSeconds() == null ? 0 : options.epochSeconds(), buffered, progress::cancelled);
                buffered.flush();
                out.close();
            } catch (IOException | RuntimeException e) {
                out.abort(String.valueOf(e.getMessage()));
                throw e;
            } finally {
                sending.complete();
            }
            return ImageAssembler.response(image, options);
        }
    }
}
