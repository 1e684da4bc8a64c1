package org.jbuildkit.dockerfile.instructions;

import org.jbuildkit.llb.Chown;
import org.jbuildkit.llb.UserRef;

/**
 * COPY/ADD {@code --chown} after expansion, read as upstream's {@code llb.WithUser}: {@code user} or
 * {@code user:group} (split at the first colon), each part a number ({@code ParseInt}, so {@code -1} and
 * {@code +5} are numbers too), {@code root} (id 0), or a name resolved in the destination's
 * {@code /etc/passwd} / {@code /etc/group}. An empty part is id 0, as upstream marshals an empty name; no group
 * leaves the group to the daemon. Every string is accepted: unknown names fail at build time in the daemon.
 *
 * @param group null when no {@code :group} was written
 */
public record ChownSpec(UserRef user, UserRef group) {

    public static ChownSpec parse(String value) {
        int colon = value.indexOf(':');
        if (colon < 0) {
            return new ChownSpec(part(value), null);
        }
        return new ChownSpec(part(value.substring(0, colon)), part(value.substring(colon + 1)));
    }

    /** The LLB owner for the copy's file action. */
    public Chown toChown() {
        return new Chown(user, group);
    }

    private static UserRef part(String v) {
        if (v.equals("root") || v.isEmpty()) {
            return UserRef.id(0);
        }
        try {
            return UserRef.id((int) GoStrconv.parseInt(v, 32));
        } catch (NumberFormatException e) {
            return UserRef.name(v);
        }
    }
}
