package org.jbuildkit.daemon.config;

import java.nio.file.Path;

/** Measures the file system that holds a directory (which may not exist yet). */
@FunctionalInterface
public interface DiskStatProbe {

    DiskStat stat(Path directory);
}
