package org.jbuildkit.dockerfile.parser;

import java.util.List;
import org.jbuildkit.dockerfile.BuildCheck;

/** A parsed Dockerfile: its directives, its instructions in order, and what the parser warns about. */
public record ParsedDockerfile(Directives directives, List<Node> nodes, List<BuildCheck> warnings) {
    public ParsedDockerfile {
        nodes = List.copyOf(nodes);
        warnings = List.copyOf(warnings);
    }
}
