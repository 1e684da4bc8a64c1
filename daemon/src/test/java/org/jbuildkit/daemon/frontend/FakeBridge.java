package org.jbuildkit.daemon.frontend;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.OpMetadata;
import org.jbuildkit.api.pb.SourceOp;
import org.jbuildkit.daemon.solver.BuildWarning;
import org.jbuildkit.daemon.solver.Vertex;
import org.jbuildkit.dockerfile.ImageMetaResolver;
import org.jbuildkit.dockerfile.ResolvedImage;

/** A bridge serving locals from maps of file contents, recording what the frontend solved, logged and warned. */
final class FakeBridge implements FrontendBridge {
    final Map<String, Map<String, String>> locals;
    final List<SourceOp> solved = new ArrayList<>();
    final List<String> names = new ArrayList<>();
    final List<String> logs = new ArrayList<>();
    final List<BuildWarning> warnings = new ArrayList<>();

    FakeBridge(Map<String, Map<String, String>> locals) {
        this.locals = locals;
    }

    @Override
    public SolvedTree solve(Definition definition) throws Exception {
        SourceOp source = null;
        String name = "";
        for (var bytes : definition.getDefList()) {
            Op op = Op.parseFrom(bytes);
            if (op.hasSource()) {
                source = op.getSource();
            }
        }
        for (OpMetadata metadata : definition.getMetadataMap().values()) {
            name = metadata.getDescriptionMap().getOrDefault("llb.customname", name);
        }
        solved.add(source);
        names.add(name);
        String local = source.getIdentifier().substring("local://".length());
        Map<String, String> files = locals.get(local);
        if (files == null) {
            throw new IllegalStateException("no access allowed to dir " + local);
        }
        Vertex vertex = new Vertex("sha256:" + "0".repeat(64), Op.getDefaultInstance(), List.of(),
                OpMetadata.getDefaultInstance());
        return new SolvedTree() {
            @Override
            public Vertex vertex() {
                return vertex;
            }

            @Override
            public Optional<byte[]> readFile(String path) {
                return Optional.ofNullable(files.get(path)).map(s -> s.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public ImageMetaResolver images() {
        return (ref, platform, mode) -> new ResolvedImage(ref, "sha256:" + "1".repeat(64), "{}".getBytes());
    }

    @Override
    public void log(Vertex vertex, String line) {
        logs.add(line);
    }

    @Override
    public void warning(Vertex vertex, BuildWarning warning) {
        warnings.add(warning);
    }
}
