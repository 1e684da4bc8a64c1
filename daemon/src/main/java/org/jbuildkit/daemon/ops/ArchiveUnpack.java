package org.jbuildkit.daemon.ops;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/**
 * ADD's Docker-compatible unpacking of a local archive (upstream's {@code AttemptUnpackDockerCompatibility}): a
 * regular file that is a tar, plain or compressed (gzip, bzip2; xz and zstd when their codecs are on the class path),
 * is extracted into the destination directory instead of copied; anything else is copied as it is. Entries keep the
 * archive's owners, modes and times; names are resolved inside the destination tree as every file op's are, so
 * {@code ../}, absolute names and symlinks in the archive cannot place a file outside it.
 */
final class ArchiveUnpack {
    private ArchiveUnpack() {
    }

    /** Whether {@code file} is a regular file whose (decompressed) bytes start with a tar header. */
    static boolean isArchive(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (InputStream in = decompressed(file); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            return tar.getNextEntry() != null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Extracts {@code archive} into {@code dest} (a path in {@code destRoot}, created as a directory if missing). */
    static void extract(Path archive, Path destRoot, String dest, String source) throws IOException {
        Path destDir = FileBasicActions.mkdirAll(destRoot, dest, 0755, java.util.Optional.empty(), 0);
        String base = FileRootPaths.relative(destRoot, destDir);
        List<TarArchiveEntry> directories = new ArrayList<>();
        List<Path> directoryPaths = new ArrayList<>();
        try (InputStream in = decompressed(archive); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = String.join("/", FileRootPaths.clean(FileRootPaths.components(entry.getName())));
                if (name.isEmpty()) {
                    continue;
                }
                Path target = FileRootPaths.resolve(destRoot, base + "/" + name, false);
                Path parent = target.getParent();
                if (!Files.isDirectory(parent)) {
                    FileBasicActions.mkdirAll(destRoot, FileRootPaths.relative(destRoot, parent), 0755,
                            java.util.Optional.empty(), 0);
                }
                if (entry.isDirectory()) {
                    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(target);
                        Files.createDirectory(target);
                    }
                    directories.add(entry);
                    directoryPaths.add(target);
                    continue;
                }
                replaceable(target);
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    String linked = String.join("/", FileRootPaths.clean(FileRootPaths.components(entry.getLinkName())));
                    Files.createLink(target, FileRootPaths.resolve(destRoot, base + "/" + linked, false));
                    continue;
                } else if (entry.isFile()) {
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    throw new FileOpException("ADD " + source + ": the archive's entry " + entry.getName() + " is a"
                            + " device or fifo, which this daemon does not unpack", "leave it out of the archive");
                }
                finish(target, entry, !entry.isSymbolicLink());
            }
        } catch (CompressorException e) {
            throw new FileOpException("ADD " + source + ": cannot decompress the archive: " + e.getMessage(),
                    "repack it as a plain or gzip-compressed tar");
        }
        // Directories last, deepest first: writing their entries changed their times.
        for (int i = directories.size() - 1; i >= 0; i--) {
            finish(directoryPaths.get(i), directories.get(i), true);
        }
    }

    /** A file the archive replaces; a directory in its place goes too, as Docker's untar does. */
    private static void replaceable(Path target) throws IOException {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            FileBasicActions.removeAll(target);
        } else {
            Files.deleteIfExists(target);
        }
    }

    private static void finish(Path target, TarArchiveEntry entry, boolean withMode) throws IOException {
        new FileOwner((int) entry.getLongUserId(), (int) entry.getLongGroupId()).apply(target);
        if (withMode) {
            FileBasicActions.chmod(target, entry.getMode() & 07777);
        }
        FileTimes.set(target, FileTime.from(entry.getModTime().toInstant()));
    }

    private static InputStream decompressed(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        try {
            String format = CompressorStreamFactory.detect(in);
            return new BufferedInputStream(CompressorStreamFactory.getSingleton().createCompressorInputStream(format,
                    in, true));
        } catch (CompressorException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("No Compressor found")) {
                return in;
            }
            in.close();
            throw new IOException(e.getMessage(), e);
        }
    }
}
