package org.jbuildkit.session.filesync;

import java.io.IOException;
import java.nio.file.Path;

/** Lists a tree in fsutil's order (parents first, names bytewise): what {@link FileSender} sends. */
@FunctionalInterface
public interface Walker {
    void walk(Path root, TreeWalk.Visitor visitor) throws IOException;
}
