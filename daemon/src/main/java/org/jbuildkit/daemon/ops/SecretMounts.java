package org.jbuildkit.daemon.ops;

import java.util.Optional;
import org.jbuildkit.api.pb.Mount;
import org.jbuildkit.api.pb.SecretOpt;
import org.jbuildkit.daemon.solver.SessionGroup;
import org.jbuildkit.daemon.worker.executor.ExecMount;
import org.jbuildkit.session.secrets.SecretCalls;

/**
 * A {@code RUN --mount=type=secret} for one step (upstream's {@code getSecretMountable}): the
 * secret read from the build's client when the step runs, never earlier, and handed to the executor
 * as a file with the mount's owner and mode. Only the id ever appears in messages.
 */
final class SecretMounts {
    private SecretMounts() {
    }

    /** The file to mount, or empty when an optional secret is missing. */
    static Optional<ExecMount> resolve(Mount mount, SessionGroup sessions) {
        SecretOpt opt = mount.getSecretOpt();
        String id = opt.getID();
        Optional<byte[]> data = sessions.ids().isEmpty() ? Optional.empty() : SecretCalls.get(sessions.caller(), id);
        if (data.isEmpty()) {
            if (opt.getOptional()) {
                return Optional.empty();
            }
            throw new SecretNotFoundException(id);
        }
        return Optional.of(new ExecMount.SecretFile(data.get(), mount.getDest(), opt.getMode() & 0777,
                opt.getUid(), opt.getGid()));
    }

    /** A required secret the client does not have; the message says how to pass it. */
    static final class SecretNotFoundException extends RuntimeException {
        SecretNotFoundException(String id) {
            super("secret " + id + " not found: pass it with buildctl build --secret id=" + id + ",src=FILE"
                    + " (or env=VARIABLE), or mark the mount optional");
        }
    }
}
