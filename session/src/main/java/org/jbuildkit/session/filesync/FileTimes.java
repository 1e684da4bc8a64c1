package org.jbuildkit.session.filesync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * Sets an entry's mtime (and its atime to the same, as fsutil's {@code chtimes}) without following
 * a symlink. Files and directories keep nanoseconds; the JDK sets a symlink's times with lutimes, to
 * the microsecond. Devices and pipes go through touch(1), since the JDK would open them.
 */
final class FileTimes {
    private FileTimes() {
    }

    static void set(Path path, long unixNanos) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isOther()) {
            SpecialFiles.touch(path, unixNanos);
            return;
        }
        FileTime time = FileTime.from(unixNanos, TimeUnit.NANOSECONDS);
        Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(time, time, null);
    }
}
