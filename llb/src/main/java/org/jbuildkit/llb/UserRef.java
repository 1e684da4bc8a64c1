package org.jbuildkit.llb;

import org.jbuildkit.api.pb.NamedUserOpt;
import org.jbuildkit.api.pb.UserOpt;

/** A user or group named for a file action: by numeric id, or by name resolved in the target's {@code /etc/passwd}. */
public sealed interface UserRef permits UserRef.ById, UserRef.ByName {

    static UserRef id(int id) {
        return new ById(id);
    }

    static UserRef name(String name) {
        return new ByName(name);
    }

    record ById(int id) implements UserRef {
    }

    record ByName(String name) implements UserRef {
    }

    /** {@code base} is the input whose passwd/group files resolve a name. */
    default UserOpt toProto(long base) {
        if (this instanceof ByName n) {
            return UserOpt.newBuilder().setByName(NamedUserOpt.newBuilder().setName(n.name()).setInput(base)).build();
        }
        return UserOpt.newBuilder().setByID(((ById) this).id()).build();
    }
}
