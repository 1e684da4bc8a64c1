package org.jbuildkit.llb;

import java.time.Instant;

/** Starting points of a {@link FileAction} chain, mirroring upstream's {@code llb.Mkdir}, {@code llb.Copy}, …. */
public final class FileActions {

    private FileActions() {
    }

    public static FileAction mkdir(String path, int mode) {
        return mkdir(path, mode, false, null, null);
    }

    public static FileAction mkdir(String path, int mode, boolean makeParents, Chown chown, Instant createdTime) {
        return new FileAction(null, new FileAction.Mkdir(path, mode, makeParents, chown, createdTime));
    }

    public static FileAction mkfile(String path, int mode, byte[] data) {
        return mkfile(path, mode, data, null, null);
    }

    public static FileAction mkfile(String path, int mode, byte[] data, Chown chown, Instant createdTime) {
        return new FileAction(null, new FileAction.Mkfile(path, mode, data.clone(), chown, createdTime));
    }

    public static FileAction rm(String path) {
        return rm(path, false, false);
    }

    public static FileAction rm(String path, boolean allowNotFound, boolean allowWildcard) {
        return new FileAction(null, new FileAction.Rm(path, allowNotFound, allowWildcard));
    }

    public static FileAction copy(State from, String src, String dest) {
        return copy(from, src, dest, CopyOptions.defaults());
    }

    public static FileAction copy(State from, String src, String dest, CopyOptions options) {
        return new FileAction(null, new FileAction.Copy(from, src, dest, options));
    }

    public static FileAction symlink(String oldpath, String newpath) {
        return new FileAction(null, new FileAction.Symlink(oldpath, newpath, null, null));
    }
}
