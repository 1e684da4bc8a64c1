package org.jbuildkit.daemon.worker.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * runc creates an empty file or directory in the rootfs for each mount destination that does not
 * exist, and the missing directories above it; those stubs would end up in the step's snapshot.
 * This remembers which paths were missing before the run and removes the empty stubs afterwards,
 * restoring their parent's timestamps (upstream's MountStubsCleaner). Without {@code recursive}
 * only the mount point itself is removed, as upstream for LLB that does not ask for more.
 */
final class MountStubs {
    private static final Logger LOG = LoggerFactory.getLogger(MountStubs.class);
    private final Path rootfs;
    private final List<Path> missing;

    private MountStubs(Path rootfs, List<Path> missing) {
        this.rootfs = rootfs;
        this.missing = missing;
    }

    static MountStubs before(Path rootfs, List<String> destinations, boolean recursive) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (String d : destinations) {
            Path p = RootfsPath.resolve(rootfs, d);
            while (!p.equals(rootfs) && p.startsWith(rootfs) && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                missing.add(p);
                if (!recursive) {
                    break;
                }
                p = p.getParent();
            }
        }
        return new MountStubs(rootfs, missing);
    }

    /** Leaves first, so a directory stub is empty by the time its turn comes. */
    void clean() {
        for (Path p : missing) {
            try {
                // The step may have replaced a directory on the way with a symlink; never follow it out.
                Path again = RootfsPath.resolve(rootfs, "/" + rootfs.relativize(p));
                if (!again.equals(p) || !isEmptyStub(p)) {
                    continue;
                }
                Path parent = p.getParent();
                BasicFileAttributes times = Files.readAttributes(parent, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                Files.delete(p);
                Files.getFileAttributeView(parent, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setTimes(times.lastModifiedTime(), times.lastAccessTime(), null);
            } catch (IOException e) {
                LOG.debug("cannot remove mount stub {}: {}", p, e.toString());
            }
        }
    }

    private static boolean isEmptyStub(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (var entries = Files.list(p)) {
                return entries.findAny().isEmpty();
            }
        }
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.size(p) == 0;
    }
}
