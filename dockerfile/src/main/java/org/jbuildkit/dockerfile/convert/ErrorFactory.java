package org.jbuildkit.dockerfile.convert;

import java.util.List;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.SourceRange;
import org.jbuildkit.dockerfile.parser.Node;

/** Makes {@link DockerfileException}s pointing at an instruction of the Dockerfile being converted. */
final class ErrorFactory {

    private final String filename;
    private final byte[] source;

    ErrorFactory(String filename, byte[] source) {
        this.filename = filename;
        this.source = source;
    }

    /** {@code node} null when the problem is not one instruction's. */
    DockerfileException at(Node node, String message) {
        return at(node, message, null);
    }

    DockerfileException at(Node node, String message, Throwable cause) {
        List<SourceRange> ranges = node == null || node.range() == null ? List.of() : List.of(node.range());
        return new DockerfileException(message, filename, source, ranges, cause);
    }

    DockerfileException general(String message) {
        return new DockerfileException(message, filename, source, List.of());
    }
}
