package org.jbuildkit.daemon.worker.executor;

import java.util.concurrent.CompletionStage;

/**
 * Runs one process in a container on a prepared root file system: the seam between an exec op and
 * the OCI runtime (upstream's {@code executor.Executor}).
 */
public interface Executor {
    /**
     * Runs {@code spec} to completion, streaming its output to {@code io}. Completing {@code cancel}
     * (normally or exceptionally), or interrupting the calling thread, kills the container; the call
     * then throws {@link ExecCancelledException} once the container is gone.
     *
     * @return the exit code and timing; a non-zero exit code is a result, not an exception
     * @throws ExecutorException when the container could not be set up or started
     */
    ExecResult run(ExecSpec spec, ProcessIO io, CompletionStage<?> cancel) throws ExecutorException;
}
