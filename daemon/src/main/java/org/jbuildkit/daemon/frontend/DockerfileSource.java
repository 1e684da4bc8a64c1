package org.jbuildkit.daemon.frontend;

import java.util.Optional;
import org.jbuildkit.daemon.solver.Vertex;

/**
 * A Dockerfile as loaded from the client: its name as the user gave it, its bytes, its own ignore file when it has
 * one, and the load vertex its logs and warnings belong to.
 */
record DockerfileSource(String filename, byte[] content, Optional<byte[]> ownDockerignore, Vertex loadVertex) {
}
