package org.jbuildkit.daemon.frontend;

import java.util.List;
import java.util.Map;
import org.jbuildkit.api.pb.SourceInfo;
import org.jbuildkit.dockerfile.BuildCheck;
import org.jbuildkit.dockerfile.Conversion;
import org.jbuildkit.dockerfile.ConvertOptions;
import org.jbuildkit.dockerfile.DockerfileConverter;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.llb.Platform;

/**
 * The built-in {@code dockerfile.v0} frontend: loads the Dockerfile and the ignore rules of the context, converts
 * the Dockerfile to LLB for the worker's platform, and reports the converter's notes as logs and its build checks as
 * warnings of the load vertex, as upstream does. Conversion errors carry the Dockerfile lines they are about.
 */
final class DockerfileFrontend implements Frontend {
    private final Platform buildPlatform;
    private final List<String> notes;

    /** {@code notes} go to the progress before the converter's own (e.g. how a gateway request was served). */
    DockerfileFrontend(Platform buildPlatform, List<String> notes) {
        this.buildPlatform = buildPlatform;
        this.notes = List.copyOf(notes);
    }

    @Override
    public BuildDefinition solve(FrontendRequest request, FrontendBridge bridge) throws Exception {
        DockerfileLocals locals = DockerfileLocals.from(request.attrs());
        DockerfileLoader loader = new DockerfileLoader(bridge, request.sessionId());
        DockerfileSource dockerfile = loader.dockerfile(locals);
        notes.forEach(note -> bridge.log(dockerfile.loadVertex(), note));
        List<String> excludes = dockerfile.ownDockerignore().isPresent()
                ? DockerfileLoader.excludes(dockerfile.ownDockerignore().get(), locals.ownDockerignore())
                : DockerfileLoader.excludes(loader.contextDockerignore(locals), ".dockerignore");
        ConvertOptions options = new ConvertOptions(dockerfile.filename(), request.attrs(), excludes, buildPlatform,
                request.sessionId());
        Conversion conversion;
        try {
            conversion = DockerfileConverter.convert(dockerfile.content(), options, bridge.images());
        } catch (DockerfileException e) {
            throw DockerfileSourceInfo.error(e);
        }
        conversion.notes().forEach(note -> bridge.log(dockerfile.loadVertex(), note));
        SourceInfo info = DockerfileSourceInfo.info(dockerfile.filename(), dockerfile.content());
        for (BuildCheck check : conversion.checks()) {
            bridge.warning(dockerfile.loadVertex(), DockerfileSourceInfo.warning(check, info));
        }
        return new BuildDefinition(conversion.definition(),
                Map.of(BuildDefinition.IMAGE_CONFIG, conversion.imageConfig()));
    }
}
