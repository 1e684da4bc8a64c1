package org.jbuildkit.daemon.config;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the configuration's defaults depend on: who runs the daemon, its environment variables,
 * the size of the disk under the root, and group names for {@code --group}. Injectable so that
 * resolving a configuration is deterministic in tests; {@link #system()} reads the real ones.
 *
 * @param uid effective user id of the daemon (0 = root, also when mapped root in a user namespace)
 * @param gid effective group id, the default owner group of unix sockets
 * @param inUserNamespace whether the daemon runs in a user namespace (rootless, e.g. under RootlessKit)
 * @param variables environment variables ({@code HOME}, {@code USER}, {@code XDG_*})
 */
public record ConfigEnvironment(
        int uid,
        int gid,
        boolean inUserNamespace,
        Map<String, String> variables,
        DiskStatProbe diskStats,
        GroupResolver groups) {

    public ConfigEnvironment {
        variables = Map.copyOf(variables);
    }

    /** The running process's environment. */
    public static ConfigEnvironment system() {
        return new ConfigEnvironment(
                procSelfOwner("unix:uid"),
                procSelfOwner("unix:gid"),
                runningInUserNamespace(),
                System.getenv(),
                ConfigEnvironment::statFileSystem,
                ConfigEnvironment::lookupGroup);
    }

    /** A non-empty environment variable. */
    public Optional<String> variable(String name) {
        String value = variables.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /**
     * Whether the per-user defaults apply (config under {@code ~/.config}, state under
     * {@code ~/.local/share}, socket under {@code $XDG_RUNTIME_DIR}): when not running as root, or
     * — like upstream — when running as mapped root in a user namespace on behalf of a user
     * ({@code $USER} set and not "root").
     */
    public boolean rootless() {
        if (uid != 0) {
            return true;
        }
        String user = variables.getOrDefault("USER", "");
        return inUserNamespace && !user.isEmpty() && !user.equals("root");
    }

    private static int procSelfOwner(String attribute) {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), attribute);
        } catch (IOException | UnsupportedOperationException | ClassCastException e) {
            return "root".equals(System.getProperty("user.name")) ? 0 : 65534;
        }
    }

    /** Same test as upstream's userns.RunningInUserNS: any uid_map other than the full identity map. */
    private static boolean runningInUserNamespace() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/uid_map"));
            if (lines.size() != 1) {
                return !lines.isEmpty();
            }
            String[] fields = lines.get(0).trim().split("\\s+");
            return !(fields.length == 3 && fields[0].equals("0") && fields[1].equals("0")
                    && fields[2].equals("4294967295"));
        } catch (IOException e) {
            return false;
        }
    }

    private static DiskStat statFileSystem(Path directory) {
        Path existing = directory.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return DiskStat.UNKNOWN;
        }
        try {
            FileStore store = Files.getFileStore(existing);
            return new DiskStat(store.getTotalSpace(), store.getUnallocatedSpace(), store.getUsableSpace());
        } catch (IOException e) {
            return DiskStat.UNKNOWN;
        }
    }

    private static OptionalInt lookupGroup(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/group"))) {
                String[] fields = line.split(":", -1);
                if (fields.length >= 3 && fields[0].equals(name) && fields[2].matches("\\d+")) {
                    return OptionalInt.of(Integer.parseInt(fields[2]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
        return OptionalInt.empty();
    }
}
