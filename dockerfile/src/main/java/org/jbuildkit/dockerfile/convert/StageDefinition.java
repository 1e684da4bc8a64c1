package org.jbuildkit.dockerfile.convert;

import java.util.List;
import org.jbuildkit.dockerfile.parser.Node;

/**
 * One {@code FROM} and the instructions up to the next (upstream's {@code instructions.Stage}), before variables are
 * expanded: its index, its {@code AS} name lowercased (empty when unnamed), the base name and {@code --platform}
 * as written.
 */
record StageDefinition(int index, String name, String baseName, String platform, Node from, List<Node> commands) {
    StageDefinition {
        commands = List.copyOf(commands);
    }
}
