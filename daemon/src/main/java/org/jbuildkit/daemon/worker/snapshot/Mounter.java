package org.jbuildkit.daemon.worker.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Mounts a snapshot's {@link Mount}s on a directory and takes them down again, with mount(8) and umount(8). */
public final class Mounter {
    /** mount(2) passes options in one page; longer overlay options are made relative to fit. */
    static final int MAX_OPTIONS_BYTES = 4095;

    private Mounter() {
    }

    public static void mount(List<Mount> mounts, Path target) throws IOException {
        for (Mount m : mounts) {
            mount(m, target);
        }
    }

    public static void mount(Mount m, Path target) throws IOException {
        Files.createDirectories(target);
        List<String> command;
        Path cwd = null;
        if (m.type().equals("bind")) {
            command = List.of("mount", "-o", String.join(",", m.options()), "--", m.source(), target.toString());
        } else {
            String options = String.join(",", m.options());
            if (m.type().equals("overlay") && bytes(options) > MAX_OPTIONS_BYTES) {
                cwd = commonDir(m);
                options = relativeOptions(m, cwd);
            }
            if (bytes(options) > MAX_OPTIONS_BYTES) {
                throw new SnapshotException("cannot mount " + m.type() + " on " + target + ": its options take "
                        + bytes(options) + " bytes, more than the kernel's " + MAX_OPTIONS_BYTES
                        + "; use fewer layers or snapshotter = \"native\"");
            }
            command = List.of("mount", "-t", m.type(), "-o", options, "--", m.source(), target.toString());
        }
        try {
            Commands.check(cwd, command);
        } catch (IOException e) {
            throw new SnapshotException("cannot mount the snapshot on " + target + ": " + e.getMessage(), e);
        }
    }

    /** Unmounts everything mounted on {@code target}, topmost first. */
    public static void unmount(Path target) throws IOException {
        while (isMounted(target)) {
            try {
                Commands.check(List.of("umount", "--", target.toString()));
            } catch (IOException e) {
                throw new SnapshotException("cannot unmount " + target + ": " + e.getMessage()
                        + "; a process may still use it (fuser -m " + target + ")", e);
            }
        }
    }

    /** Whether something is mounted exactly at {@code target}, per /proc/self/mountinfo. */
    public static boolean isMounted(Path target) throws IOException {
        String wanted = target.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
            String[] fields = line.split(" ");
            if (fields.length > 4 && unescape(fields[4]).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The directory all of an overlay's dirs share, normally {@code <root>/snapshots}. */
    private static Path commonDir(Mount m) throws SnapshotException {
        List<Path> dirs = dirsOf(m);
        Path common = dirs.get(0).getParent();
        while (common != null) {
            Path candidate = common;
            if (dirs.stream().allMatch(d -> d.startsWith(candidate))) {
                return common;
            }
            common = common.getParent();
        }
        throw new SnapshotException("overlay directories share no parent directory: " + dirs);
    }

    private static String relativeOptions(Mount m, Path base) {
        var options = new ArrayList<String>();
        for (String option : m.options()) {
            int eq = option.indexOf('=');
            String name = eq < 0 ? option : option.substring(0, eq);
            if (name.equals("lowerdir") || name.equals("upperdir") || name.equals("workdir")) {
                String dirs = List.of(option.substring(eq + 1).split(":")).stream()
                        .map(d -> base.relativize(Path.of(d)).toString())
                        .collect(Collectors.joining(":"));
                options.add(name + "=" + dirs);
            } else {
                options.add(option);
            }
        }
        return String.join(",", options);
    }

    private static List<Path> dirsOf(Mount m) {
        var dirs = new ArrayList<Path>();
        for (String option : m.options()) {
            for (String prefix : List.of("lowerdir=", "upperdir=", "workdir=")) {
                if (option.startsWith(prefix)) {
                    for (String d : option.substring(prefix.length()).split(":")) {
                        dirs.add(Path.of(d));
                    }
                }
            }
        }
        return dirs;
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
