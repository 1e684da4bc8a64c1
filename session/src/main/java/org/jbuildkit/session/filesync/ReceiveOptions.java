package org.jbuildkit.session.filesync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jbuildkit.api.fsutil.Stat;

/**
 * How a {@link FileReceiver} writes what it is sent. {@code filter} sees each stat before it is
 * written (fsutil's {@code ReceiveOpt.Filter}); owners are set only when {@code chown} is on.
 * With {@code sync} the destination is the receiver's copy from an earlier transfer: entries the
 * sender no longer lists are deleted, and with {@code compare} too, files whose metadata did not change
 * are not requested again (fsutil's metadata differ; without it, its {@code none} differ: all are sent).
 * With {@code specials} set, devices, fifos and sockets are not written but handed to it (for a warning).
 */
public record ReceiveOptions(UnaryOperator<Stat> filter, boolean chown, boolean sync, boolean compare,
        Consumer<Stat> specials) {

    public ReceiveOptions(UnaryOperator<Stat> filter, boolean chown) {
        this(filter, chown, false, false, null);
    }

    /**
     * A local source's copy on the daemon: kept in sync with the client's directory, every entry owned by
     * root (as upstream's local source, so a COPY gives root-owned files unless told otherwise), device
     * files, fifos and sockets skipped and reported to {@code skipped}.
     */
    public static ReceiveOptions localCopy(Consumer<Stat> skipped) {
        return new ReceiveOptions(stat -> stat.toBuilder().setUid(0).setGid(0).build(),
                ProcessIds.current().uid() == 0, true, true, skipped);
    }

    /** The same, but every file is requested whatever the copy holds (upstream's {@code local.differ=none}). */
    public ReceiveOptions requestingEverything() {
        return new ReceiveOptions(filter, chown, sync, false, specials);
    }

    /** Owners as sent when this process is root (it alone may give files away), else the receiving user's. */
    public static ReceiveOptions preservingOwners() {
        return new ReceiveOptions(UnaryOperator.identity(), ProcessIds.current().uid() == 0);
    }

    /**
     * Every entry owned by this process's user and group, whatever the sender says: how upstream's
     * buildctl writes {@code --output type=local} (its FileSend target rewrites uid and gid).
     */
    public static ReceiveOptions ownedByCurrentUser() {
        ProcessIds ids = ProcessIds.current();
        return new ReceiveOptions(stat -> stat.toBuilder().setUid(ids.uid()).setGid(ids.gid()).build(), true);
    }

    /** The effective uid and gid of this process (the owner of {@code /proc/self}). */
    record ProcessIds(int uid, int gid) {
        static ProcessIds current() {
            Path self = Path.of("/proc/self");
            try {
                return new ProcessIds((Integer) Files.getAttribute(self, "unix:uid"),
                        (Integer) Files.getAttribute(self, "unix:gid"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read this process's uid and gid from " + self, e);
            }
        }
    }
}
