package org.jbuildkit.daemon.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/** LLB timestamps: nanoseconds since the epoch, -1 (or 0 from old clients) for "leave as created". */
final class FileTimes {
    private FileTimes() {
    }

    static void apply(Path p, long timestamp) throws IOException {
        if (timestamp <= 0) {
            return;
        }
        set(p, FileTime.from(timestamp, TimeUnit.NANOSECONDS));
    }

    static void set(Path p, FileTime time) throws IOException {
        Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(time, time, null);
    }
}
