package org.jbuildkit.llb;

/** The result of {@link State#run}: its root filesystem and, for writable mounts, each mount's contents. */
public final class ExecState {

    private final State root;
    private final ExecVertex exec;

    ExecState(State root, ExecVertex exec) {
        this.root = root;
        this.exec = exec;
    }

    /** The root filesystem after the command ran, carrying the base state's metadata. */
    public State root() {
        return root;
    }

    /**
     * The contents of the mount at {@code target} after the command ran; for a read-only bind, its source
     * unchanged. Tmpfs and no-output mounts have no contents to give.
     */
    public State getMount(String target) {
        return exec.mountState(root, target);
    }
}
