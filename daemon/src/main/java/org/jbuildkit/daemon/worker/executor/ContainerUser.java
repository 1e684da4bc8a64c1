package org.jbuildkit.daemon.worker.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The numeric identity a container process runs as, resolved from an exec's user string against
 * the rootfs' /etc/passwd and /etc/group (like upstream's {@code oci.GetUser}).
 */
record ContainerUser(long uid, long gid, List<Long> additionalGids) {
    static final ContainerUser ROOT = new ContainerUser(0, 0, List.of());

    static ContainerUser resolve(Path rootfs, String user) throws ExecutorException {
        if (user.isEmpty()) {
            return ROOT;
        }
        int colon = user.indexOf(':');
        String userPart = colon < 0 ? user : user.substring(0, colon);
        String groupPart = colon < 0 ? null : user.substring(colon + 1);
        try {
            List<String[]> passwd = readDb(rootfs, "/etc/passwd");
            Optional<String[]> entry = find(passwd, userPart, 2);
            long uid;
            String name;
            long gid;
            if (isNumeric(userPart)) {
                uid = Long.parseLong(userPart);
                name = entry.map(e -> e[0]).orElse(null);
                gid = entry.map(e -> parseId(e, 3)).orElse(0L);
            } else {
                String[] e = entry.orElseThrow(() -> new ExecutorException(
                        "unable to find user " + userPart + ": no matching entries in the rootfs' /etc/passwd",
                        "use a numeric uid[:gid], or create the user in an earlier step (RUN useradd / adduser)"));
                uid = parseId(e, 2);
                name = e[0];
                gid = parseId(e, 3);
            }
            List<String[]> groups = readDb(rootfs, "/etc/group");
            if (groupPart != null && !groupPart.isEmpty()) {
                if (isNumeric(groupPart)) {
                    gid = Long.parseLong(groupPart);
                } else {
                    String[] g = find(groups, groupPart, 2).orElseThrow(() -> new ExecutorException(
                            "unable to find group " + groupPart + ": no matching entries in the rootfs' /etc/group",
                            "use a numeric gid, or create the group in an earlier step (RUN groupadd / addgroup)"));
                    gid = parseId(g, 2);
                }
            }
            List<Long> extra = new ArrayList<>();
            if (name != null && (groupPart == null || groupPart.isEmpty())) {
                for (String[] g : groups) {
                    if (g.length > 3 && List.of(g[3].split(",")).contains(name)) {
                        long id = parseId(g, 2);
                        if (id != gid && !extra.contains(id)) {
                            extra.add(id);
                        }
                    }
                }
            }
            return new ContainerUser(uid, gid, List.copyOf(extra));
        } catch (IOException e) {
            throw new ExecutorException("cannot resolve user " + user + " in " + rootfs + ": " + e.getMessage(),
                    "check that the rootfs' /etc/passwd and /etc/group are readable", e);
        }
    }

    private static Optional<String[]> find(List<String[]> db, String key, int idColumn) {
        boolean numeric = isNumeric(key);
        for (String[] e : db) {
            if (numeric ? e.length > idColumn && e[idColumn].equals(key) : e[0].equals(key)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static List<String[]> readDb(Path rootfs, String path) throws IOException {
        Path file = RootfsPath.resolve(rootfs, path);
        List<String[]> entries = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return entries;
        }
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                entries.add(line.split(":", -1));
            }
        }
        return entries;
    }

    private static long parseId(String[] entry, int column) {
        try {
            return Long.parseLong(entry[column]);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static boolean isNumeric(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }
}
