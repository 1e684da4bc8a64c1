package org.jbuildkit.daemon.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.jbuildkit.api.pb.ChownOpt;
import org.jbuildkit.api.pb.UserOpt;

/**
 * The numeric owner a file op gives what it creates. Names are looked up in the target tree's
 * {@code /etc/passwd} and {@code /etc/group}; a user given by id also sets the group, as upstream.
 */
record FileOwner(int uid, int gid) {

    /** Empty when the action names no owner: files keep their source's (copy) or root's owner. */
    static Optional<FileOwner> of(ChownOpt chown, boolean present, Path root) throws IOException {
        if (!present || (!chown.hasUser() && !chown.hasGroup())) {
            return Optional.empty();
        }
        int uid = 0;
        int gid = 0;
        if (chown.hasUser() && chown.getUser().getUserCase() != UserOpt.UserCase.USER_NOT_SET) {
            UserOpt user = chown.getUser();
            if (user.getUserCase() == UserOpt.UserCase.BYID) {
                uid = user.getByID();
                gid = user.getByID();
            } else {
                String[] entry = lookup(root, "/etc/passwd", user.getByName().getName(), "user");
                uid = Integer.parseInt(entry[2]);
                gid = Integer.parseInt(entry[3]);
            }
        }
        if (chown.hasGroup() && chown.getGroup().getUserCase() != UserOpt.UserCase.USER_NOT_SET) {
            UserOpt group = chown.getGroup();
            gid = group.getUserCase() == UserOpt.UserCase.BYID ? group.getByID()
                    : Integer.parseInt(lookup(root, "/etc/group", group.getByName().getName(), "group")[2]);
        }
        return Optional.of(new FileOwner(uid, gid));
    }

    void apply(Path p) throws IOException {
        Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }

    /** A numeric name is an id even when the file lacks it, as Docker's --chown=1000. */
    private static String[] lookup(Path root, String file, String name, String kind) throws IOException {
        if (name.matches("\\d+")) {
            return new String[] {name, "x", name, name};
        }
        Path db = FileRootPaths.resolve(root, file, true);
        if (Files.isRegularFile(db)) {
            for (String line : Files.readAllLines(db, StandardCharsets.UTF_8)) {
                String[] fields = line.split(":", -1);
                if (fields.length >= 3 && fields[0].equals(name) && (kind.equals("group") || fields.length >= 4)) {
                    return fields;
                }
            }
        }
        throw new FileOpException("unable to find " + kind + " " + name + ": no matching entries in " + file
                + " of the target", "add the " + kind + " to " + file + " first or give a numeric id");
    }
}
