package org.jbuildkit.llb;

import java.time.Instant;
import java.util.Objects;

/**
 * An immutable chain of file actions applied in order by one file op. Start one with {@link FileActions} and
 * extend it with {@code mkdir}, {@code mkfile}, {@code rm}, {@code copy} and {@code symlink}.
 */
public final class FileAction {

    /** One step of the chain. */
    sealed interface Step permits Mkdir, Mkfile, Rm, Copy, Symlink {
    }

    record Mkdir(String path, int mode, boolean makeParents, Chown chown, Instant createdTime) implements Step {
    }

    record Mkfile(String path, int mode, byte[] data, Chown chown, Instant createdTime) implements Step {
    }

    record Rm(String path, boolean allowNotFound, boolean allowWildcard) implements Step {
    }

    record Copy(State from, String src, String dest, CopyOptions options) implements Step {
    }

    record Symlink(String oldpath, String newpath, Chown chown, Instant createdTime) implements Step {
    }

    private final FileAction prev;
    private final Step step;

    FileAction(FileAction prev, Step step) {
        this.prev = prev;
        this.step = Objects.requireNonNull(step);
    }

    FileAction prev() {
        return prev;
    }

    Step step() {
        return step;
    }

    public FileAction mkdir(String path, int mode) {
        return mkdir(path, mode, false, null, null);
    }

    public FileAction mkdir(String path, int mode, boolean makeParents, Chown chown, Instant createdTime) {
        return new FileAction(this, new Mkdir(path, mode, makeParents, chown, createdTime));
    }

    public FileAction mkfile(String path, int mode, byte[] data) {
        return mkfile(path, mode, data, null, null);
    }

    public FileAction mkfile(String path, int mode, byte[] data, Chown chown, Instant createdTime) {
        return new FileAction(this, new Mkfile(path, mode, data.clone(), chown, createdTime));
    }

    public FileAction rm(String path) {
        return rm(path, false, false);
    }

    public FileAction rm(String path, boolean allowNotFound, boolean allowWildcard) {
        return new FileAction(this, new Rm(path, allowNotFound, allowWildcard));
    }

    public FileAction copy(State from, String src, String dest) {
        return copy(from, src, dest, CopyOptions.defaults());
    }

    public FileAction copy(State from, String src, String dest, CopyOptions options) {
        return new FileAction(this, new Copy(from, src, dest, options));
    }

    public FileAction symlink(String oldpath, String newpath) {
        return symlink(oldpath, newpath, null, null);
    }

    public FileAction symlink(String oldpath, String newpath, Chown chown, Instant createdTime) {
        return new FileAction(this, new Symlink(oldpath, newpath, chown, createdTime));
    }
}
