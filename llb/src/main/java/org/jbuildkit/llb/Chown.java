package org.jbuildkit.llb;

import org.jbuildkit.api.pb.ChownOpt;

/** Owner for files a file action creates; a null group leaves the group to the daemon's default. */
public record Chown(UserRef user, UserRef group) {

    public static Chown ids(int uid, int gid) {
        return new Chown(UserRef.id(uid), UserRef.id(gid));
    }

    ChownOpt toProto(long base) {
        ChownOpt.Builder b = ChownOpt.newBuilder();
        if (user != null) {
            b.setUser(user.toProto(base));
        }
        if (group != null) {
            b.setGroup(group.toProto(base));
        }
        return b.build();
    }
}
