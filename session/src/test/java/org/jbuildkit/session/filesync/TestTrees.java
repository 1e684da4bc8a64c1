package org.jbuildkit.session.filesync;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.fsutil.Stat;

/** Trees with every kind of entry, and their listings to compare a copy with its original. */
final class TestTrees {
    static final int BIG = 5 * 1024 * 1024;

    private TestTrees() {
    }

    /**
     * Dirs (one sticky, one 0750, one empty), an empty file, a 5 MB file and a hardlink to it, symlinks
     * (relative, absolute, dangling), modes 0755/0600/setuid, a fifo, a user xattr, owner 1234:2345
     * on most entries and distinct nanosecond mtimes everywhere.
     */
    static void populate(Path root) throws Exception {
        Files.createDirectories(root.resolve("dir/sub"));
        Files.createDirectory(root.resolve("empty-dir"));
        Files.createDirectory(root.resolve("tmp"));
        Files.write(root.resolve("dir/empty"), new byte[0]);
        byte[] big = new byte[BIG];
        new Random(7).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        Files.createLink(root.resolve("dir/hard"), root.resolve("big.bin"));
        Files.writeString(root.resolve("exec.sh"), "#!/bin/sh\necho hi\n");
        Files.writeString(root.resolve("secret"), "s3cr3t");
        Files.writeString(root.resolve("suid"), "setuid binary");
        Files.createSymbolicLink(root.resolve("link-to-big"), Path.of("big.bin"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("no/such/target"));
        Files.createSymbolicLink(root.resolve("dir/abs"), Path.of("/etc/passwd"));
        Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("fifo").toString()).inheritIO().start();
        if (mkfifo.waitFor() != 0) {
            throw new IOException("mkfifo failed");
        }
        UserDefinedFileAttributeView xattrs = Files.getFileAttributeView(root.resolve("secret"),
                UserDefinedFileAttributeView.class);
        xattrs.write("origin", ByteBuffer.wrap("test".getBytes(StandardCharsets.UTF_8)));

        Files.setAttribute(root.resolve("exec.sh"), "unix:mode", 0755);
        Files.setAttribute(root.resolve("secret"), "unix:mode", 0600);
        Files.setAttribute(root.resolve("dir/sub"), "unix:mode", 0750);
        long t = 1_600_000_000_000_000_001L;
        for (String p : List.of("big.bin", "exec.sh", "secret", "suid", "dir/empty", "link-to-big", "dangling",
                "dir/abs", "fifo", "dir/sub", "dir", "empty-dir", "tmp")) {
            Path path = root.resolve(p);
            if (!Files.isSymbolicLink(path)) {
                Files.setAttribute(path, "unix:uid", 1234, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", 2345, LinkOption.NOFOLLOW_LINKS);
            }
            if (!p.equals("fifo")) {
                FileTime time = FileTime.from(t, TimeUnit.NANOSECONDS);
                Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setTimes(time, time, null);
            }
            t += 1_000_111_111L;
        }
        // After chown, which clears setuid.
        Files.setAttribute(root.resolve("suid"), "unix:mode", 04755);
        Files.setAttribute(root.resolve("tmp"), "unix:mode", 01777);
    }

    /** One line per entry in walk order: stat fields, a content digest for files; owners and symlink times as asked. */
    static List<String> listing(Path root, boolean withOwners) throws IOException {
        List<String> lines = new ArrayList<>();
        TreeWalk.plain().walk(root, (file, stat) -> lines.add(describe(file, stat, withOwners)));
        return lines;
    }

    private static String describe(Path file, Stat stat, boolean withOwners) throws IOException {
        long mtime = stat.getModTime();
        if (GoFileMode.isSymlink(stat.getMode())) {
            mtime = mtime / 1000 * 1000;
        }
        String content = GoFileMode.isRegular(stat.getMode()) && stat.getLinkname().isEmpty()
                && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? sha256(file) : "";
        return stat.getPath() + " mode=" + Integer.toHexString(stat.getMode()) + " size=" + stat.getSize()
                + " mtime=" + mtime + " link=" + stat.getLinkname()
                + (withOwners ? " owner=" + stat.getUid() + ":" + stat.getGid() : "")
                + " xattrs=" + stat.getXattrsMap().keySet() + " sha256=" + content;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
