package org.jbuildkit.daemon.worker.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A minimal root file system for tests: static busybox, a few applets, root, nobody and builder users. */
final class BusyboxRootfs {
    private static final List<String> APPLETS = List.of("sh", "echo", "ls", "cat", "id", "sleep", "hostname",
            "wc", "ip", "yes", "head", "touch", "mkdir", "pwd", "stat", "grep", "env", "true", "false");

    private BusyboxRootfs() {
    }

    static Path create(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), """
                root:x:0:0:root:/root:/bin/sh
                builder:x:1000:1000:builder:/home/builder:/bin/sh
                nobody:x:65534:65534:nobody:/nonexistent:/bin/false
                """);
        Files.writeString(etc.resolve("group"), """
                root:x:0:
                wheel:x:10:builder
                builder:x:1000:
                nogroup:x:65534:
                """);
        // Present so runc never has to create mount stubs while tests run concurrently.
        Files.writeString(etc.resolve("hosts"), "");
        Files.writeString(etc.resolve("resolv.conf"), "");
        Files.createDirectories(dir.resolve("tmp"));
        return dir;
    }

    static boolean usable() {
        return Files.isExecutable(Path.of("/bin/busybox"))
                && "root".equals(System.getProperty("user.name"));
    }
}
