package org.jbuildkit.daemon.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jbuildkit.daemon.solver.ContentChecksummer;
import org.jbuildkit.daemon.solver.ContentDiff;
import org.jbuildkit.daemon.solver.ContentSelector;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.worker.snapshot.Snapshotter;
import org.jbuildkit.registry.image.Digest;

/**
 * Content checksums of the paths a step reads from a snapshot, for content-based cache keys: every entry
 * under each selected path by its relative path, type, permissions, owner, link target and the sha256 of
 * its bytes — never its times, so touching a file changes nothing and changing one byte changes the
 * checksum. A snapshot never changes, so each (snapshot, selector) is computed once; file hashes are
 * remembered by inode for trees read in place (a local source's files keep their inodes from build to
 * build). The entries of recent checksums are kept to name the first file that differs between two.
 */
public final class ContentChecksums implements ContentChecksummer, ContentDiff {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final Snapshotter snapshotter;
    private final Path mountRoot;
    private final Map<String, String> bySnapshot = lru(8192);
    private final Map<FileKey, String> fileHashes = lru(1 << 20);
    private final Map<String, SortedMap<String, String>> entriesByChecksum = lru(8);

    public ContentChecksums(Snapshotter snapshotter, Path mountRoot) {
        this.snapshotter = snapshotter;
        this.mountRoot = mountRoot;
    }

    @Override
    public String checksum(ResultRef result, String selector) throws IOException {
        if (!(result instanceof SnapshotResult snapshot)) {
            throw new IllegalArgumentException("content checksums need a snapshot, not " + result);
        }
        String memo = snapshot.id() + "\n" + selector;
        synchronized (bySnapshot) {
            String known = bySnapshot.get(memo);
            if (known != null) {
                return known;
            }
        }
        ContentSelector paths = ContentSelector.decode(selector);
        SortedMap<String, String> entries = new TreeMap<>();
        try (ReadOnlyTree tree = ReadOnlyTree.open(snapshotter, mountRoot, snapshot.snapshot(), "checksum")) {
            for (ContentSelector.Selection selection : paths.paths()) {
                select(tree, selection, entries);
            }
        }
        MessageDigest sha = Digest.sha256Digester();
        entries.forEach((path, entry) -> sha.update((path + "\0" + entry + "\n").getBytes(StandardCharsets.UTF_8)));
        String checksum = Digest.ofSha256(sha).toString();
        synchronized (bySnapshot) {
            bySnapshot.put(memo, checksum);
        }
        synchronized (entriesByChecksum) {
            entriesByChecksum.put(checksum, Collections.unmodifiableSortedMap(entries));
        }
        return checksum;
    }

    /** The first path (in path order) whose entry was added, removed or changed between two checksums. */
    @Override
    public Optional<String> firstChangedPath(String before, String now) {
        SortedMap<String, String> was;
        SortedMap<String, String> is;
        synchronized (entriesByChecksum) {
            was = entriesByChecksum.get(before);
            is = entriesByChecksum.get(now);
        }
        if (was == null || is == null) {
            return Optional.empty();
        }
        TreeSet<String> paths = new TreeSet<>(was.keySet());
        paths.addAll(is.keySet());
        for (String path : paths) {
            if (!java.util.Objects.equals(was.get(path), is.get(path))) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    private void select(ReadOnlyTree tree, ContentSelector.Selection selection, SortedMap<String, String> entries)
            throws IOException {
        Path root = tree.root();
        List<String> matches = selection.wildcard() && FilePatterns.hasWildcard(selection.path())
                ? FilePatterns.expand(root, selection.path()) : List.of(selection.path());
        if (matches.isEmpty()) {
            entries.put(clean(selection.path()), "no match");
        }
        for (String match : matches) {
            Path resolved = FileRootPaths.resolve(root, match, selection.followLinks());
            String name = clean(match);
            if (!FileRootPaths.exists(resolved)) {
                entries.put(name, "missing");
            } else {
                walk(resolved, name, tree.inPlace(), entries);
            }
        }
    }

    private void walk(Path file, String name, boolean inPlace, SortedMap<String, String> entries) throws IOException {
        Map<String, Object> unix = Files.readAttributes(file, "unix:mode,uid,gid,ino,dev,size,lastModifiedTime", NOFOLLOW);
        int mode = (Integer) unix.get("mode");
        String owner = unix.get("uid") + ":" + unix.get("gid");
        String perms = Integer.toOctalString(mode & 07777);
        int type = mode & 0170000;
        if (type == 0040000) {
            entries.put(name, "dir " + perms + " " + owner);
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> list = Files.newDirectoryStream(file)) {
                list.forEach(children::add);
            }
            for (Path child : children) {
                walk(child, name.equals("/") ? "/" + child.getFileName() : name + "/" + child.getFileName(),
                        inPlace, entries);
            }
        } else if (type == 0120000) {
            entries.put(name, "symlink " + owner + " -> " + Files.readSymbolicLink(file));
        } else if (type == 0100000) {
            entries.put(name, "file " + perms + " " + owner + " " + contentHash(file, unix, inPlace));
        } else {
            entries.put(name, "special " + Integer.toOctalString(mode) + " " + owner);
        }
    }

    private String contentHash(Path file, Map<String, Object> unix, boolean inPlace) throws IOException {
        FileKey key = inPlace ? new FileKey((Long) unix.get("dev"), (Long) unix.get("ino"), (Long) unix.get("size"),
                ((FileTime) unix.get("lastModifiedTime")).to(java.util.concurrent.TimeUnit.NANOSECONDS)) : null;
        if (key != null) {
            synchronized (fileHashes) {
                String known = fileHashes.get(key);
                if (known != null) {
                    return known;
                }
            }
        }
        MessageDigest sha = Digest.sha256Digester();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file, NOFOLLOW)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        String hash = Digest.ofSha256(sha).hex();
        if (key != null) {
            synchronized (fileHashes) {
                fileHashes.put(key, hash);
            }
        }
        return hash;
    }

    /** A path as the selector means it: absolute in the tree, cleaned, no trailing slash. */
    private static String clean(String path) {
        List<String> parts = FileRootPaths.clean(FileRootPaths.components(path));
        return "/" + String.join("/", parts);
    }

    private record FileKey(long dev, long ino, long size, long mtime) {
    }

    private static <K, V> Map<K, V> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }
}
