package org.jbuildkit.daemon.worker.executor;

import java.nio.file.Path;
import java.util.Objects;

/** A mount added to the container on top of its root file system. */
public sealed interface ExecMount permits ExecMount.Bind, ExecMount.Tmpfs, ExecMount.SecretFile {
    /** Absolute path inside the container. */
    String destination();

    /** A host directory or file bound in, read-only or writable. */
    record Bind(Path source, String destination, boolean readonly) implements ExecMount {
        public Bind {
            Objects.requireNonNull(source, "source");
            if (!source.isAbsolute()) {
                throw new IllegalArgumentException("bind mount source must be absolute: " + source);
            }
            destination = checkDestination(destination);
        }
    }

    /** An empty tmpfs; {@code sizeBytes} 0 means the kernel default (half of RAM). */
    record Tmpfs(String destination, long sizeBytes) implements ExecMount {
        public Tmpfs {
            destination = checkDestination(destination);
            if (sizeBytes < 0) {
                throw new IllegalArgumentException("tmpfs size must be >= 0: " + sizeBytes);
            }
        }
    }

    /**
     * A secret exposed as one read-only file with the given mode and owner. The bytes are written
     * onto a tmpfs in the exec's private bundle directory (mode 0700), unmounted when the exec ends.
     */
    record SecretFile(byte[] data, String destination, int mode, int uid, int gid) implements ExecMount {
        public SecretFile {
            Objects.requireNonNull(data, "data");
            destination = checkDestination(destination);
            if ((mode & ~07777) != 0) {
                throw new IllegalArgumentException("secret mode must be a permission mode: 0" + Integer.toOctalString(mode));
            }
        }

        @Override
        public String toString() {
            return "SecretFile[destination=" + destination + ", mode=0" + Integer.toOctalString(mode)
                    + ", uid=" + uid + ", gid=" + gid + ", " + data.length + " bytes]";
        }
    }

    private static String checkDestination(String destination) {
        if (destination == null || !destination.startsWith("/")) {
            throw new IllegalArgumentException("mount destination must be an absolute path: " + destination);
        }
        return destination;
    }
}
