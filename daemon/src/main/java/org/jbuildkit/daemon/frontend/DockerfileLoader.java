package org.jbuildkit.daemon.frontend;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.LocalOptions;
import org.jbuildkit.session.patternmatcher.IgnoreFile;

/**
 * Loads what the Dockerfile frontend reads before converting, as upstream's {@code dockerui} does: the Dockerfile
 * (and its own {@code <filename>.dockerignore}) from the dockerfile local as {@code [internal] load build definition
 * from <filename>}, and otherwise the context's {@code .dockerignore} as {@code [internal] load .dockerignore}.
 */
final class DockerfileLoader {
    private static final String DOCKERIGNORE = ".dockerignore";
    /**
     * As upstream: these small files are always sent whole, so an edit that keeps size and mtime (two saves within
     * a second) is never mistaken for no change.
     */
    private static final LocalOptions.Differ DIFFER = LocalOptions.Differ.NONE;

    private final FrontendBridge bridge;
    private final String sessionId;

    DockerfileLoader(FrontendBridge bridge, String sessionId) {
        this.bridge = bridge;
        this.sessionId = sessionId;
    }

    DockerfileSource dockerfile(DockerfileLocals locals) throws Exception {
        List<String> include = new ArrayList<>(List.of(locals.filename(), locals.ownDockerignore()));
        String lower = locals.lowerCaseVariant();
        if (lower != null) {
            include.add(lower);
        }
        LocalOptions options = LocalOptions.defaults().withIncludePatterns(include)
                .withSharedKeyHint(locals.dockerfileLocal()).withSessionId(sessionId).withDiffer(DIFFER, false)
                .withCustomName("[internal] load build definition from " + locals.filename());
        try (FrontendBridge.SolvedTree tree = bridge.solve(Llb.local(locals.dockerfileLocal(), options).marshal())) {
            Optional<byte[]> content = tree.readFile(locals.filename());
            if (content.isEmpty() && lower != null) {
                content = tree.readFile(lower);
            }
            if (content.isEmpty()) {
                throw new FrontendException("failed to read dockerfile: open " + locals.filename()
                        + ": no such file or directory in the local directory '" + locals.dockerfileLocal()
                        + "' (the client's --local " + locals.dockerfileLocal() + "=DIR); pass --local "
                        + locals.dockerfileLocal() + "=<the directory holding it>, or --opt filename=<its path"
                        + " inside that directory>");
            }
            return new DockerfileSource(locals.filename(), content.get(), tree.readFile(locals.ownDockerignore()),
                    tree.vertex());
        }
    }

    /** The context's {@code .dockerignore}, empty when it has none. */
    byte[] contextDockerignore(DockerfileLocals locals) throws Exception {
        LocalOptions options = LocalOptions.defaults().withIncludePatterns(List.of(DOCKERIGNORE))
                .withSharedKeyHint(locals.contextLocal() + "-" + DOCKERIGNORE).withSessionId(sessionId)
                .withDiffer(DIFFER, false).withCustomName("[internal] load " + DOCKERIGNORE);
        try (FrontendBridge.SolvedTree tree = bridge.solve(Llb.local(locals.contextLocal(), options).marshal())) {
            return tree.readFile(DOCKERIGNORE).orElse(new byte[0]);
        }
    }

    /** The exclude patterns of an ignore file; {@code name} is the file's, for the error. */
    static List<String> excludes(byte[] ignoreFile, String name) throws FrontendException {
        try {
            return IgnoreFile.readAll(new InputStreamReader(new ByteArrayInputStream(ignoreFile),
                    StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new FrontendException("failed parsing " + name + ": " + e.getMessage() + "; fix that line of "
                    + name, null, e);
        }
    }
}
