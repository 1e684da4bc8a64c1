package org.jbuildkit.daemon.worker.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jbuildkit.daemon.worker.snapshot.Mount;
import org.jbuildkit.daemon.worker.snapshot.Mounter;

/**
 * The secret files of one exec, on a tmpfs mounted on a private (0700) directory of its bundle so
 * their bytes never reach the daemon's disk (upstream's {@code secretMountInstance}); each file has
 * its mount's owner and mode and is bound read-only into the container. {@link #close} unmounts the
 * tmpfs, which drops the bytes, and removes the directory.
 */
final class SecretFiles implements AutoCloseable {
    private final Path dir;
    private final Map<String, Path> files;

    private SecretFiles(Path dir, Map<String, Path> files) {
        this.dir = dir;
        this.files = files;
    }

    /** Writes the secrets among {@code mounts}; with none, nothing is mounted. */
    static SecretFiles write(Path bundle, List<ExecMount> mounts) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        List<ExecMount.SecretFile> secrets = mounts.stream().filter(ExecMount.SecretFile.class::isInstance)
                .map(ExecMount.SecretFile.class::cast).toList();
        if (secrets.isEmpty()) {
            return new SecretFiles(null, files);
        }
        Path dir = Files.createDirectory(bundle.resolve("secrets"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        SecretFiles written = new SecretFiles(dir, files);
        try {
            Mounter.mount(new Mount("tmpfs", "tmpfs", List.of("nodev", "nosuid", "noexec", "mode=0700")), dir);
            int n = 0;
            for (ExecMount.SecretFile s : secrets) {
                Path file = dir.resolve(Integer.toString(n++));
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(file, s.data());
                Files.setAttribute(file, "unix:uid", s.uid());
                Files.setAttribute(file, "unix:gid", s.gid());
                Files.setAttribute(file, "unix:mode", s.mode());
                files.put(s.destination(), file);
            }
            return written;
        } catch (IOException | RuntimeException e) {
            written.close();
            throw e;
        }
    }

    /** Each secret's file on the host, by its destination in the container. */
    Map<String, Path> files() {
        return Map.copyOf(files);
    }

    @Override
    public void close() throws IOException {
        if (dir == null) {
            return;
        }
        Mounter.unmount(dir);
        Files.deleteIfExists(dir);
    }
}
