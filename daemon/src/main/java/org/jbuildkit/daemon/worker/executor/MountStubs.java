package org.jbuildkit.daemon.worker.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * runc creates an empty file or directory in the rootfs for each mount destination that does not
 * exist; those stubs would end up in the step's snapshot. This remembers which destinations were
 * missing before the run and removes the empty stubs afterwards (upstream's MountStubsCleaner).
 */
final class MountStubs {
    private static final Logger LOG = LoggerFactory.getLogger(MountStubs.class);
    private final List<Path> missing;

    private MountStubs(List<Path> missing) {
        this.missing = missing;
    }

    static MountStubs before(Path rootfs, List<String> destinations) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (String d : destinations) {
            Path p = RootfsPath.resolve(rootfs, d);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                missing.add(p);
            }
        }
        return new MountStubs(missing);
    }

    void clean() {
        for (Path p : missing) {
            try {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.size(p) == 0) {
                    Files.delete(p);
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    try (var entries = Files.list(p)) {
                        if (entries.findAny().isEmpty()) {
                            Files.delete(p);
                        }
                    }
                }
            } catch (IOException e) {
                LOG.debug("cannot remove mount stub {}: {}", p, e.toString());
            }
        }
    }
}
