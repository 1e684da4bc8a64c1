package org.jbuildkit.daemon.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jbuildkit.api.pb.FileActionCopy;

/**
 * Copy from a source tree into a destination tree, as upstream's {@code fsutil/copy}: a directory
 * lands below an existing destination directory (or becomes it), its contents only with
 * dirCopyContents; modes, owners and times are kept unless chown, chmod or a timestamp is given.
 * Links inside the copied tree are copied as links; hard links are copied as separate files. With ADD's
 * attemptUnpackDockerCompatibility a source that is a tar archive is unpacked into the destination instead.
 */
final class FileCopyAction {
    private final Path srcRoot;
    private final Path destRoot;
    private final FileActionCopy action;
    private final Optional<FileOwner> owner;
    /** The {@code modeStr} to apply to each copied file's mode, if given (it wins over {@code mode}). */
    private final Optional<SymbolicFileMode> modeStr;
    private final FilePatterns includes;
    private final FilePatterns excludes;
    private final MissingCopySource missing;
    /** Whether files may be hard-linked: source and destination on one file system, and no link has failed. */
    private boolean linkable;

    private FileCopyAction(Path srcRoot, Path destRoot, FileActionCopy action, Optional<FileOwner> owner,
            Optional<SymbolicFileMode> modeStr, FilePatterns includes, FilePatterns excludes,
            MissingCopySource missing) {
        this.missing = missing;
        this.modeStr = modeStr;
        this.linkable = sameFileSystem(srcRoot, destRoot);
        this.srcRoot = srcRoot;
        this.destRoot = destRoot;
        this.action = action;
        this.owner = owner;
        this.includes = includes;
        this.excludes = excludes;
    }

    static void copy(Path srcRoot, Path destRoot, FileActionCopy action) throws IOException {
        copy(srcRoot, destRoot, action, MissingCopySource.UNKNOWN);
    }

    /** As above; {@code missing} explains a source path that is not there. */
    static void copy(Path srcRoot, Path destRoot, FileActionCopy action, MissingCopySource missing)
            throws IOException {
        Optional<FileOpException> outside = missing.outside(action.getSrc());
        if (outside.isPresent()) {
            throw outside.get();
        }
        Optional<SymbolicFileMode> modeStr = Optional.empty();
        if (!action.getModeStr().isEmpty()) {
            modeStr = SymbolicFileMode.parse(action.getModeStr());
            if (modeStr.isEmpty()) {
                throw new FileOpException("copy " + action.getSrc() + ": invalid chmod mode \"" + action.getModeStr()
                        + "\": invalid syntax", "give an octal mode (0755) or chmod's symbolic form (u+x,go-w, a=rX)");
            }
        }
        FilePatterns excludes = FilePatterns.compile(action.getExcludePatternsList());
        RequiredCopyPaths.check(srcRoot, action, excludes, missing);
        Optional<FileOwner> owner = FileOwner.of(action.getOwner(), action.hasOwner(), destRoot);
        new FileCopyAction(srcRoot, destRoot, action, owner, modeStr,
                FilePatterns.compile(action.getIncludePatternsList()), excludes, missing).run();
    }

    private void run() throws IOException {
        String dest = cleanKeepingSlash(action.getDest());
        if (!action.getCreateDestPath()) {
            Path parent = FileRootPaths.resolveParent(destRoot, dest).getParent();
            if (parent != null && parent.startsWith(destRoot) && !Files.isDirectory(parent)) {
                throw new FileOpException("copy to " + action.getDest() + ": its parent directory does not exist",
                        "create it first or set createDestPath");
            }
        }
        List<String> sources;
        if (action.getAllowWildcard() && FilePatterns.hasWildcard(action.getSrc())) {
            sources = FilePatterns.expand(srcRoot, action.getSrc());
            if (sources.isEmpty()) {
                if (action.getAllowEmptyWildcard()) {
                    return;
                }
                throw new FileOpException("copy " + action.getSrc() + ": no source files were specified (the"
                        + " wildcard matched nothing)", "fix the pattern or allow an empty wildcard");
            }
        } else {
            sources = List.of(action.getSrc());
        }
        // A trailing slash names a directory: create it so sources land inside it.
        String ensure = dest.endsWith("/") ? dest : dest.substring(0, dest.lastIndexOf('/') + 1);
        FileBasicActions.mkdirAll(destRoot, ensure, 0755, owner, action.getTimestamp());
        Path destPath = FileRootPaths.resolve(destRoot, dest, true);
        for (String source : sources) {
            Path src = FileRootPaths.resolve(srcRoot, source, action.getFollowSymlink());
            if (!FileRootPaths.exists(src)) {
                throw missing.notFound(source);
            }
            if (action.getAttemptUnpackDockerCompatibility() && ArchiveUnpack.isArchive(src)) {
                ArchiveUnpack.extract(src, destRoot, dest, source);
                continue;
            }
            copyTop(src, source, destPath);
        }
    }

    private void copyTop(Path src, String source, Path destPath) throws IOException {
        boolean srcDir = Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS);
        boolean destExists = FileRootPaths.exists(destPath);
        Path target = destPath;
        if ((!action.getDirCopyContents() && srcDir && destExists)
                || (!srcDir && destExists && Files.isDirectory(destPath, LinkOption.NOFOLLOW_LINKS))) {
            String base = src.equals(srcRoot) ? "" : src.getFileName().toString();
            target = base.isEmpty() ? destPath : FileRootPaths.resolve(destRoot,
                    FileRootPaths.relative(destRoot, destPath) + "/" + base, false);
        }
        Path parentToMake = action.getDirCopyContents() && srcDir && !destExists ? target : target.getParent();
        if (parentToMake != null && parentToMake.startsWith(destRoot) && !Files.isDirectory(parentToMake)) {
            FileBasicActions.mkdirAll(destRoot, FileRootPaths.relative(destRoot, parentToMake), 0755, owner,
                    action.getTimestamp());
        }
        if (srcDir) {
            copyTree(src, "", target);
        } else {
            copyEntry(src, target, Files.readAttributes(src, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        }
    }

    /** Copies directory {@code dir} (at {@code rel} below the copied source) to {@code target}. */
    private void copyTree(Path dir, String rel, Path target) throws IOException {
        boolean selected = rel.isEmpty() || includes.isEmpty() || includes.matches(rel);
        if (!rel.isEmpty() && excludes.matches(rel) && !excludes.hasNegations()) {
            return;
        }
        if (!selected && !includes.mayMatchBelow(rel)) {
            return;
        }
        ensureDir(dir, target);
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            String childRel = rel.isEmpty() ? child.getFileName().toString() : rel + "/" + child.getFileName();
            Path childTarget = target.resolve(child.getFileName().toString());
            BasicFileAttributes attrs = Files.readAttributes(child, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (attrs.isDirectory()) {
                copyTree(child, childRel, childTarget);
            } else if ((includes.isEmpty() || includes.matches(childRel)) && !excludes.matches(childRel)) {
                copyEntry(child, childTarget, attrs);
            }
        }
        finishMeta(dir, target, true);
    }

    private void ensureDir(Path src, Path target) throws IOException {
        if (FileRootPaths.exists(target) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            if (!action.getAlwaysReplaceExistingDestPaths()) {
                throw new FileOpException("copy " + action.getSrc() + ": cannot copy a directory onto "
                        + FileRootPaths.relative(destRoot, target) + ", which is not a directory",
                        "remove it first or set alwaysReplaceExistingDestPaths");
            }
            Files.delete(target);
        }
        if (!FileRootPaths.exists(target)) {
            Files.createDirectory(target);
        }
    }

    private void copyEntry(Path src, Path target, BasicFileAttributes attrs) throws IOException {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            if (!action.getAlwaysReplaceExistingDestPaths()) {
                throw new FileOpException("copy " + action.getSrc() + ": cannot replace directory "
                        + FileRootPaths.relative(destRoot, target) + " with a file",
                        "remove it first or set alwaysReplaceExistingDestPaths");
            }
            FileBasicActions.removeAll(target);
        }
        if (attrs.isSymbolicLink()) {
            Files.deleteIfExists(target);
            Files.createSymbolicLink(target, Files.readSymbolicLink(src));
        } else if (attrs.isRegularFile()) {
            if (linkable && keepsMetadata()) {
                if (linked(src, target)) {
                    return;
                }
                linkable = false;
            }
            Files.copy(src, target, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
        } else {
            throw new FileOpException("copy " + action.getSrc() + ": " + FileRootPaths.relative(srcRoot, src)
                    + " is a device, socket or fifo, which this daemon does not copy yet", "exclude it");
        }
        finishMeta(src, target, false);
    }

    /** Whether the copy gives files the source's owner, mode and times (no --chown, --chmod or timestamp). */
    private boolean keepsMetadata() {
        return owner.isEmpty() && action.getModeStr().isEmpty() && action.getMode() == -1 && action.getTimestamp() <= 0;
    }

    /**
     * Links the destination to the source file instead of copying its bytes, when both are on one file
     * system: the source is a committed snapshot, which nothing changes in place, and the destination
     * becomes one (later writes replace files or copy them up, never write through the shared inode).
     */
    private static boolean linked(Path src, Path target) throws IOException {
        Files.deleteIfExists(target);
        try {
            Files.createLink(target, src);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Through an overlay mount (a snapshot with layers) a link would fail: the mount is its own file system. */
    private static boolean sameFileSystem(Path a, Path b) {
        try {
            return Files.getAttribute(a, "unix:dev").equals(Files.getAttribute(b, "unix:dev"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void finishMeta(Path src, Path target, boolean dir) throws IOException {
        Map<String, Object> unix = Files.readAttributes(src, "unix:mode,uid,gid,lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS);
        boolean link = Files.isSymbolicLink(target);
        if (owner.isPresent()) {
            owner.get().apply(target);
        } else {
            new FileOwner((Integer) unix.get("uid"), (Integer) unix.get("gid")).apply(target);
        }
        if (!link) {
            int mode = (Integer) unix.get("mode") & 07777;
            if (modeStr.isPresent()) {
                mode = modeStr.get().apply(mode, dir);
            } else if (action.getMode() != -1) {
                mode = action.getMode() & 07777;
            }
            FileBasicActions.chmod(target, mode);
        }
        if (action.getTimestamp() > 0) {
            FileTimes.apply(target, action.getTimestamp());
        } else {
            FileTimes.set(target, (FileTime) unix.get("lastModifiedTime"));
        }
    }

    /** Upstream's cleanPath: absolute, {@code ..} clamped, a trailing slash kept. */
    private static String cleanKeepingSlash(String path) {
        String cleaned = "/" + String.join("/", FileRootPaths.clean(FileRootPaths.components(path)));
        if ((path.endsWith("/") || path.endsWith("/.")) && !cleaned.equals("/")) {
            cleaned += "/";
        }
        return cleaned;
    }
}
