package org.jbuildkit.daemon.exporter.image;

import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jbuildkit.daemon.exporter.ExportSource;
import org.jbuildkit.daemon.exporter.Exporter;
import org.jbuildkit.daemon.exporter.ExporterException;
import org.jbuildkit.daemon.exporter.ExporterInstance;
import org.jbuildkit.daemon.resolver.ResolverPool;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.SessionGroup;
import org.jbuildkit.daemon.solver.ThrottledStatus;
import org.jbuildkit.registry.distribution.RegistryClient;
import org.jbuildkit.session.manager.Caller;

/**
 * {@code --output type=image,name=A[,B…][,push=true]}, as upstream's {@code exporter/containerimage}: the same
 * image as {@code type=oci} (layers, config, manifest, OCI media types by default), kept in the worker's content
 * store (this daemon has no image store, so {@code store} and {@code unpack} change nothing), and with
 * {@code push=true} pushed through the build's registry clients (the client's credentials), checked before the build
 * by {@link PushPreflight}.
 */
public final class ImageExporter implements Exporter {
    private final ImageAssembler assembler;
    private final ImageExportParts parts;
    private final ResolverPool resolvers;
    private final Clock clock;

    private ImageExporter(ImageExportParts parts) {
        this.assembler = parts.assembler();
        this.parts = parts;
        this.resolvers = parts.resolvers();
        this.clock = parts.clock();
    }

    /** The image output over the worker's parts, which must carry the registry clients. */
    public static ImageExporter of(ImageExportParts parts) {
        if (parts.resolvers() == null) {
            throw new IllegalArgumentException("the image output needs the builds' registry clients: wire the parts"
                    + " withResolvers(...)");
        }
        return new ImageExporter(parts);
    }

    @Override
    public String type() {
        return "image";
    }

    @Override
    public ExporterInstance resolve(int id, Map<String, String> attrs) throws ExporterException {
        ImageExportOptions options = ImageExportOptions.parse(type(), attrs, true, ImagePushOptions.KEYS);
        ImagePushOptions push = ImagePushOptions.parse(attrs);
        return new Instance(options, ImageNames.of(options.names(), push));
    }

    private final class Instance implements ExporterInstance {
        private final ImageExportOptions options;
        private final ImageNames names;

        Instance(ImageExportOptions options, ImageNames names) {
            this.options = options;
            this.names = names;
        }

        @Override
        public String name() {
            return "exporting to image";
        }

        @Override
        public void check(Caller session) throws ExporterException {
            if (names.push().push()) {
                new PushPreflight(clients(new CallerSessions(session))).check(names);
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
            ThrottledStatus.start(progress, clock, "exporting manifest " + image.manifest().digest(), "", 0)
                    .complete();
            ThrottledStatus.start(progress, clock, "exporting config " + image.config().digest(), "", 0).complete();
            if (names.push().push()) {
                Function<String, RegistryClient> clients = clients(new CallerSessions(session));
                new ImagePusher(host -> RegistryPush.of(clients.apply(host)), parts::blobFile, parts.blobs(),
                        parts.executor(), clock).push(image, names.pushTargets(image.manifest().digest()), progress);
            }
            Map<String, String> response = new TreeMap<>(ImageAssembler.response(image, options));
            String imageName = names.imageName(image.manifest().digest());
            if (imageName.isEmpty()) {
                response.remove("image.name");
            } else {
                response.put("image.name", imageName);
            }
            return response;
        }

        /** The client a push to a registry host uses: the build's, with registry.insecure=true for that host. */
        private Function<String, RegistryClient> clients(SessionGroup sessions) {
            return host -> names.push().insecure() ? resolvers.resolver(sessions, host) : resolvers.resolver(sessions);
        }
    }
}
