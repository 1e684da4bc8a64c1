package org.jbuildkit.daemon.worker.executor;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The runc command line for one state directory: {@code run}, {@code kill}, {@code delete}. */
final class RuncCommand {
    private static final Logger LOG = LoggerFactory.getLogger(RuncCommand.class);
    private static final long HOUSEKEEPING_TIMEOUT_SECONDS = 10;

    private final Path binary;
    private final Path stateDir;

    RuncCommand(Path binary, Path stateDir) {
        this.binary = binary;
        this.stateDir = stateDir;
    }

    Path binary() {
        return binary;
    }

    /**
     * Starts {@code runc run} in the foreground: the container's stdout and stderr are this
     * process's pipes, stdin is empty; runc's own messages go to {@code logFile} as JSON, and it
     * writes {@code pidFile} once the container's process has started.
     */
    Process startRun(Path bundle, String id, Path logFile, Path pidFile) throws IOException {
        List<String> cmd = List.of(binary.toString(), "--root", stateDir.toString(), "--log", logFile.toString(),
                "--log-format", "json", "run", "--pid-file", pidFile.toString(), "--bundle", bundle.toString(), id);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb.start();
    }

    /** Sends SIGKILL to the container's init, or with {@code all} to every process in its cgroup. */
    boolean kill(String id, boolean all) {
        List<String> args = new ArrayList<>(List.of("kill"));
        if (all) {
            args.add("--all");
        }
        args.add(id);
        args.add("KILL");
        return housekeeping(args);
    }

    /** Removes the container and its cgroup, killing whatever is left in it. */
    boolean deleteForce(String id) {
        return housekeeping(List.of("delete", "--force", id));
    }

    boolean exists(String id) {
        return Files.exists(stateDir.resolve(id));
    }

    private boolean housekeeping(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--root", stateDir.toString()));
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            byte[] out = p.getInputStream().readNBytes(8192);
            if (!p.waitFor(HOUSEKEEPING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.warn("{} did not finish within {}s", String.join(" ", cmd), HOUSEKEEPING_TIMEOUT_SECONDS);
                return false;
            }
            if (p.exitValue() != 0) {
                LOG.debug("{} exited {}: {}", String.join(" ", cmd), p.exitValue(),
                        new String(out, StandardCharsets.UTF_8).trim());
                return false;
            }
            return true;
        } catch (IOException e) {
            LOG.warn("cannot run {}: {}", String.join(" ", cmd), e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
