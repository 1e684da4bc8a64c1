package org.jbuildkit.session.filesync;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extended attributes of the {@code user.} namespace, the only one the JDK reads and writes; others
 * ({@code security.capability}, {@code trusted.*}) are not transferred. A file system without
 * xattr support simply has none.
 */
final class UserXattrs {
    private static final Logger LOG = LoggerFactory.getLogger(UserXattrs.class);
    private static final String PREFIX = "user.";

    private UserXattrs() {
    }

    /** The user xattrs of a file or directory, keyed by full name ({@code user.x}). */
    static Map<String, ByteString> read(Path file) throws IOException {
        UserDefinedFileAttributeView view = view(file);
        if (view == null) {
            return Map.of();
        }
        Map<String, ByteString> out = new TreeMap<>();
        try {
            for (String name : view.list()) {
                ByteBuffer value = ByteBuffer.allocate(view.size(name));
                view.read(name, value);
                value.flip();
                out.put(PREFIX + name, ByteString.copyFrom(value));
            }
        } catch (FileSystemException e) {
            if (unsupported(e)) {
                return Map.of();
            }
            throw e;
        }
        return out;
    }

    /** Sets the user xattrs among {@code xattrs}; the rest, and a file system refusing them, are skipped. */
    static void write(Path file, Map<String, ByteString> xattrs) throws IOException {
        if (xattrs.isEmpty()) {
            return;
        }
        UserDefinedFileAttributeView view = view(file);
        for (Map.Entry<String, ByteString> xattr : xattrs.entrySet()) {
            String name = xattr.getKey();
            if (!name.startsWith(PREFIX) || view == null) {
                LOG.debug("not setting xattr {} on {}: only user.* xattrs are written", name, file);
                continue;
            }
            try {
                view.write(name.substring(PREFIX.length()), xattr.getValue().asReadOnlyByteBuffer());
            } catch (FileSystemException e) {
                if (!unsupported(e)) {
                    throw e;
                }
                LOG.debug("the file system of {} does not take xattr {}: {}", file, name, e.getMessage());
            }
        }
    }

    private static UserDefinedFileAttributeView view(Path file) {
        return Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    }

    /** EOPNOTSUPP and friends: the JDK reports them only in the message. */
    private static boolean unsupported(FileSystemException e) {
        String reason = e.getReason() == null ? "" : e.getReason().toLowerCase(java.util.Locale.ROOT);
        return reason.contains("not supported") || reason.contains("operation not permitted");
    }
}
