package org.jbuildkit.daemon.worker.snapshot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.MediaTypes;

/** Writes small layer tars in memory for the snapshot tests, optionally gzipped. */
final class TestLayer {
    static final FileTime MTIME = FileTime.fromMillis(1_600_000_000_000L);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    TestLayer() {
        tar = new TarArchiveOutputStream(bytes);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    /** A layer with /bin/busybox as bin/busybox and bin/sh, bin/echo, bin/ls linked to it. */
    static TestLayer busybox() {
        var layer = new TestLayer().dir("bin", 0755);
        layer.copy("bin/busybox", Path.of("/bin/busybox"), 0755);
        for (String applet : new String[] {"cat", "echo", "ls", "sh"}) {
            layer.symlink("bin/" + applet, "busybox");
        }
        return layer.dir("etc", 0755).file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n", 0644)
                .dir("tmp", 01777);
    }

    TestLayer dir(String name, int mode) {
        return put(header(name + "/", TarConstants.LF_DIR, mode), null);
    }

    TestLayer file(String name, String content, int mode) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        var h = header(name, TarConstants.LF_NORMAL, mode);
        h.setSize(data.length);
        return put(h, new ByteArrayInputStream(data));
    }

    TestLayer fileOwned(String name, String content, int mode, int uid, int gid) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        var h = header(name, TarConstants.LF_NORMAL, mode);
        h.setSize(data.length);
        h.setIds(uid, gid);
        return put(h, new ByteArrayInputStream(data));
    }

    TestLayer copy(String name, Path source, int mode) {
        try {
            var h = header(name, TarConstants.LF_NORMAL, mode);
            h.setSize(Files.size(source));
            return put(h, Files.newInputStream(source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TestLayer symlink(String name, String target) {
        var h = header(name, TarConstants.LF_SYMLINK, 0777);
        h.setLinkName(target);
        return put(h, null);
    }

    TestLayer hardlink(String name, String target) {
        var h = header(name, TarConstants.LF_LINK, 0644);
        h.setLinkName(target);
        return put(h, null);
    }

    TestLayer device(String name, byte type, int major, int minor) {
        var h = header(name, type, 0600);
        h.setDevMajor(major);
        h.setDevMinor(minor);
        return put(h, null);
    }

    TestLayer whiteout(String name) {
        int slash = name.lastIndexOf('/');
        return file(name.substring(0, slash + 1) + ".wh." + name.substring(slash + 1), "", 0);
    }

    TestLayer opaque(String dir) {
        return file(dir + "/.wh..wh..opq", "", 0);
    }

    private static TarArchiveEntry header(String name, byte type, int mode) {
        var h = new TarArchiveEntry(name, type, true);
        h.setMode(mode);
        h.setModTime(MTIME);
        h.setIds(0, 0);
        h.setUserName("");
        h.setGroupName("");
        return h;
    }

    private TestLayer put(TarArchiveEntry header, InputStream data) {
        try {
            tar.putArchiveEntry(header);
            if (data != null) {
                try (data) {
                    data.transferTo(tar);
                }
            }
            tar.closeArchiveEntry();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The finished layer: blob bytes, descriptor and diffID. */
    record Blob(byte[] bytes, Descriptor descriptor, Digest diffId) {
        InputStream open() {
            return new ByteArrayInputStream(bytes);
        }
    }

    Blob build(boolean gzip) {
        try {
            tar.finish();
            byte[] raw = bytes.toByteArray();
            Digest diffId = Digest.sha256(raw);
            byte[] blob = raw;
            if (gzip) {
                var out = new ByteArrayOutputStream();
                try (OutputStream z = new GZIPOutputStream(out)) {
                    z.write(raw);
                }
                blob = out.toByteArray();
            }
            String type = gzip ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.OCI_LAYER;
            return new Blob(blob, Descriptor.of(type, Digest.sha256(blob), blob.length), diffId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
