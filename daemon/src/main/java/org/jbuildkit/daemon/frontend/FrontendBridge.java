package org.jbuildkit.daemon.frontend;

import java.io.IOException;
import java.util.Optional;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.daemon.solver.BuildWarning;
import org.jbuildkit.daemon.solver.Vertex;
import org.jbuildkit.dockerfile.ImageMetaResolver;

/**
 * What a frontend may ask of the build it runs in (upstream's {@code llbBridge}): solve a definition with the
 * build's session and progress and read files of its result, resolve image metadata, and add logs and warnings to
 * a vertex of the build's progress.
 */
interface FrontendBridge {

    /** Solves {@code definition} as part of this build; the caller closes the tree once it has read what it needs. */
    SolvedTree solve(Definition definition) throws Exception;

    /** Base image lookups for this build, with its session's registry credentials, cached for the build. */
    ImageMetaResolver images();

    void log(Vertex vertex, String line);

    void warning(Vertex vertex, BuildWarning warning);

    /** A solved result whose files a frontend reads (the Dockerfile, {@code .dockerignore}). */
    interface SolvedTree extends AutoCloseable {

        /** The vertex that made the result, to hang logs and warnings on. */
        Vertex vertex();

        /** The file at {@code path} (relative, {@code /}-separated), or empty when there is no such regular file. */
        Optional<byte[]> readFile(String path) throws IOException;

        @Override
        void close();
    }
}
