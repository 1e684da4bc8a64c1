package org.jbuildkit.daemon.worker.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns {@code [worker.oci] snapshotter = "auto|overlayfs|native"} into a snapshotter under the worker root. */
public final class SnapshotterSelector {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotterSelector.class);

    private SnapshotterSelector() {
    }

    /** {@code auto} picks overlayfs when a probe overlay mounts in {@code root}, native otherwise. */
    public static Snapshotter forConfig(String mode, Path root) throws IOException {
        String chosen = mode == null || mode.isEmpty() ? "auto" : mode;
        switch (chosen) {
            case "overlayfs", "overlay":
                return new OverlaySnapshotter(root);
            case "native":
                return new NativeSnapshotter(root);
            case "auto":
                Optional<String> problem = probeOverlay(root);
                if (problem.isEmpty()) {
                    LOG.info("snapshotter auto: overlayfs (a probe overlay mount in {} worked)", root);
                    return new OverlaySnapshotter(root);
                }
                LOG.warn("snapshotter auto: native, because overlayfs does not work in {}: {}", root, problem.get());
                return new NativeSnapshotter(root);
            default:
                throw new IllegalArgumentException("unknown snapshotter '" + mode
                        + "': use auto, overlayfs or native in [worker.oci] snapshotter");
        }
    }

    /** Empty when an overlay with two lower dirs mounts under {@code root}, else why not. */
    public static Optional<String> probeOverlay(Path root) {
        Path probe = null;
        try {
            Files.createDirectories(root);
            probe = Files.createTempDirectory(root, "overlay-probe-");
            for (String dir : List.of("lower1", "lower2", "upper", "work", "merged")) {
                Files.createDirectory(probe.resolve(dir));
            }
            Path merged = probe.resolve("merged");
            Mounter.mount(new Mount("overlay", "overlay", List.of(
                    "lowerdir=" + probe.resolve("lower2") + ":" + probe.resolve("lower1"),
                    "upperdir=" + probe.resolve("upper"), "workdir=" + probe.resolve("work"))), merged);
            Mounter.unmount(merged);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        } finally {
            if (probe != null) {
                try {
                    PosixFiles.deleteRecursively(probe);
                } catch (IOException e) {
                    LOG.warn("cannot remove the overlay probe {}: {}", probe, e.getMessage());
                }
            }
        }
    }
}
