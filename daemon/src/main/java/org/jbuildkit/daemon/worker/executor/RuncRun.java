package org.jbuildkit.daemon.worker.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code runc run} from start to exit: pumps its output, waits for it or for cancellation, and
 * tells a container that failed to start (runc logged an error) from a process that exited non-zero.
 */
final class RuncRun {
    private static final Logger LOG = LoggerFactory.getLogger(RuncRun.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long KILL_RETRY_MILLIS = 200;
    private static final long KILL_GIVE_UP_MILLIS = 10_000;
    private static final long PIPE_DRAIN_MILLIS = 5_000;

    private final RuncCommand runc;
    private final String id;
    private final Path bundle;
    private final boolean killAll;

    RuncRun(RuncCommand runc, String id, Path bundle, boolean killAll) {
        this.runc = runc;
        this.id = id;
        this.bundle = bundle;
        this.killAll = killAll;
    }

    ExecResult run(ProcessIO io, CompletionStage<?> cancel) throws ExecutorException, IOException {
        Path log = bundle.resolve("runc.log");
        Path pidFile = bundle.resolve("init.pid");
        Process process;
        try {
            process = runc.startRun(bundle, id, log, pidFile);
        } catch (IOException e) {
            throw new ExecutorException("cannot start OCI runtime " + runc.binary() + ": " + e.getMessage(),
                    "check that " + runc.binary() + " is a runc binary this user can execute", e);
        }
        Instant started = Instant.now();
        OutputPump out = new OutputPump(id + "-stdout", process.getInputStream(), io.stdout());
        OutputPump err = new OutputPump(id + "-stderr", process.getErrorStream(), io.stderr());
        boolean cancelled = waitForExitOrCancel(process, cancel);
        boolean interrupted = Thread.interrupted();
        try {
            if (cancelled || interrupted) {
                kill(process);
            }
            int exit = process.waitFor();
            Instant finished = Instant.now();
            drain(out, err);
            if (cancelled || interrupted) {
                throw ExecCancelledException.killed(id);
            }
            if (exit != 0) {
                // runc logs an error when it fails itself, and writes the pid file only once the
                // container's process runs; either means this exit code is runc's, not the step's.
                List<String> errors = runcErrors(log);
                if (!errors.isEmpty() || !Files.exists(pidFile)) {
                    String why = errors.isEmpty() ? "it exited " + exit + " before starting the container"
                            : "exit " + exit + ": " + String.join("; ", errors);
                    throw new ExecutorException("OCI runtime " + runc.binary() + " could not start the container ("
                            + why + ")" + stderrTail(err),
                            "check the step's command (is args[0] in the rootfs and on PATH?), user and mounts,"
                                    + " and that " + runc.binary() + " is runc");
                }
            }
            for (OutputPump p : List.of(out, err)) {
                if (p.sinkFailure() != null) {
                    LOG.warn("output sink of {} failed; the rest of its output was dropped", id, p.sinkFailure());
                }
            }
            return new ExecResult(exit, started, finished);
        } catch (InterruptedException e) {
            // Only a second interrupt during cleanup gets here: stop waiting, the caller cleans up.
            process.destroyForcibly();
            throw ExecCancelledException.killed(id);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** True if cancellation came first; an interrupt leaves the thread's flag set. */
    private static boolean waitForExitOrCancel(Process process, CompletionStage<?> cancel) {
        CompletableFuture<?> cancelled = cancel.toCompletableFuture().handle((r, e) -> Boolean.TRUE);
        try {
            CompletableFuture.anyOf(process.onExit(), cancelled).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return process.isAlive() && cancelled.isDone();
    }

    /**
     * SIGKILL through runc until runc run exits: the container may not exist yet when the cancel
     * arrives, so the kill is retried; as a last resort runc itself is killed (the caller's
     * {@code runc delete --force} removes what is left).
     */
    private void kill(Process process) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KILL_GIVE_UP_MILLIS);
        while (process.isAlive() && System.nanoTime() < deadline) {
            runc.kill(id, killAll);
            process.waitFor(KILL_RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
        if (process.isAlive()) {
            LOG.warn("container {} did not die within {} ms of SIGKILL; killing runc", id, KILL_GIVE_UP_MILLIS);
            process.destroyForcibly();
        }
    }

    /**
     * The pipes close when every process holding them exits; processes that outlive init in a
     * shared PID namespace are killed by runc with the cgroup, but never wait on them forever.
     */
    private void drain(OutputPump out, OutputPump err) throws InterruptedException {
        for (OutputPump p : List.of(out, err)) {
            if (!p.awaitEnd(PIPE_DRAIN_MILLIS)) {
                LOG.warn("output of {} still open {} ms after it exited; a process it started holds it", id,
                        PIPE_DRAIN_MILLIS);
            }
        }
    }

    private static List<String> runcErrors(Path log) {
        List<String> errors = new ArrayList<>();
        if (!Files.exists(log)) {
            return errors;
        }
        try {
            for (String line : Files.readAllLines(log)) {
                JsonNode n = JSON.readTree(line);
                if (n != null && ("error".equals(n.path("level").asText()) || "fatal".equals(n.path("level").asText()))) {
                    errors.add(n.path("msg").asText());
                }
            }
        } catch (IOException e) {
            errors.add("unreadable runc log " + log + ": " + e.getMessage());
        }
        return errors;
    }

    private static String stderrTail(OutputPump err) {
        String tail = err.tail().strip();
        return tail.isEmpty() ? "" : "; stderr: " + tail;
    }
}
