package org.jbuildkit.daemon.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jbuildkit.api.pb.FileActionMkDir;
import org.jbuildkit.api.pb.FileActionMkFile;
import org.jbuildkit.api.pb.FileActionRm;
import org.jbuildkit.api.pb.FileActionSymlink;

/** mkdir, mkfile, rm and symlink on a snapshot root, with upstream's file backend semantics. */
final class FileBasicActions {
    private FileBasicActions() {
    }

    static void mkdir(Path root, FileActionMkDir action) throws IOException {
        Optional<FileOwner> owner = FileOwner.of(action.getOwner(), action.hasOwner(), root);
        if (action.getMakeParents()) {
            mkdirAll(root, action.getPath(), action.getMode(), owner, action.getTimestamp());
            return;
        }
        Path p = FileRootPaths.resolve(root, action.getPath(), true);
        if (p.equals(root) || FileRootPaths.exists(p)) {
            return;
        }
        if (!Files.isDirectory(p.getParent())) {
            throw new FileOpException("mkdir " + action.getPath() + ": the parent directory does not exist",
                    "create it first or set makeParents");
        }
        Files.createDirectory(p);
        finish(p, action.getMode(), owner, action.getTimestamp());
    }

    /** Creates every missing directory of {@code path}; only new ones get the mode, owner and time. */
    static Path mkdirAll(Path root, String path, int mode, Optional<FileOwner> owner, long timestamp)
            throws IOException {
        Path p = FileRootPaths.resolve(root, path, true);
        if (Files.isDirectory(p)) {
            return p;
        }
        if (FileRootPaths.exists(p)) {
            throw new FileOpException("mkdir " + FileRootPaths.relative(root, p) + ": a file that is not a directory is"
                    + " in the way", "remove it first");
        }
        String rel = FileRootPaths.relative(root, p);
        mkdirAll(root, rel.substring(0, rel.lastIndexOf('/') + 1), mode, owner, timestamp);
        Files.createDirectory(p);
        finish(p, mode, owner, timestamp);
        return p;
    }

    static void mkfile(Path root, FileActionMkFile action) throws IOException {
        Optional<FileOwner> owner = FileOwner.of(action.getOwner(), action.hasOwner(), root);
        Path p = FileRootPaths.resolve(root, action.getPath(), true);
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileOpException("mkfile " + action.getPath() + ": is a directory", "remove it first or pick"
                    + " another path");
        }
        if (!Files.isDirectory(p.getParent())) {
            throw new FileOpException("mkfile " + action.getPath() + ": the parent directory does not exist",
                    "add a mkdir with makeParents before it");
        }
        // A new file, never a write through an existing one: it may share its inode with a snapshot (a linked copy).
        Files.deleteIfExists(p);
        Files.write(p, action.getData().toByteArray(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        finish(p, action.getMode(), owner, action.getTimestamp());
    }

    static void rm(Path root, FileActionRm action) throws IOException {
        List<String> paths = action.getAllowWildcard() && FilePatterns.hasWildcard(action.getPath())
                ? FilePatterns.expand(root, action.getPath()) : List.of(action.getPath());
        for (String path : paths) {
            Path p = FileRootPaths.resolveParent(root, path);
            if (p.equals(root)) {
                throw new FileOpException("rm " + path + ": refusing to remove the root", "name a path below /");
            }
            if (!FileRootPaths.exists(p)) {
                if (action.getAllowNotFound()) {
                    continue;
                }
                throw new FileOpException("rm " + path + ": no such file or directory", "set allowNotFound");
            }
            removeAll(p);
        }
    }

    static void symlink(Path root, FileActionSymlink action) throws IOException {
        Optional<FileOwner> owner = FileOwner.of(action.getOwner(), action.hasOwner(), root);
        Path p = FileRootPaths.resolveParent(root, action.getNewpath());
        if (p.equals(root) || FileRootPaths.exists(p)) {
            throw new FileOpException("symlink " + action.getNewpath() + ": file exists", "remove it first");
        }
        if (!Files.isDirectory(p.getParent())) {
            throw new FileOpException("symlink " + action.getNewpath() + ": the parent directory does not exist",
                    "add a mkdir with makeParents before it");
        }
        // The target is stored as written; it is resolved inside the root whenever a file op follows it.
        Files.createSymbolicLink(p, Path.of(action.getOldpath()));
        if (owner.isPresent()) {
            owner.get().apply(p);
        }
        FileTimes.apply(p, action.getTimestamp());
    }

    /** Deletes a file, link or tree without following links out of it. */
    static void removeAll(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(p)) {
                for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(each);
                }
            }
        } else {
            Files.deleteIfExists(p);
        }
    }

    private static void finish(Path p, int mode, Optional<FileOwner> owner, long timestamp) throws IOException {
        if (owner.isPresent()) {
            owner.get().apply(p);
        }
        // After chown: chown clears setuid/setgid bits.
        chmod(p, mode & 0777);
        FileTimes.apply(p, timestamp);
    }

    static void chmod(Path p, int mode) throws IOException {
        Files.setAttribute(p, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
    }
}
