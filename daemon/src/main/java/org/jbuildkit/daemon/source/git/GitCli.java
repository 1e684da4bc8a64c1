package org.jbuildkit.daemon.source.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs the {@code git} command line as upstream's source does: no system, global or user config, no
 * terminal prompts, no hooks, a standard umask, {@code C} locale, SSH without user config; only the
 * proxy and CA variables of the daemon's environment pass through. A cancelled build kills git.
 */
final class GitCli {
    private static final List<String> PASSED_THROUGH = List.of("PATH", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",
            "ALL_PROXY", "http_proxy", "https_proxy", "no_proxy", "all_proxy", "SSL_CERT_FILE", "SSL_CERT_DIR");
    private static final int MAX_STDERR = 64 * 1024;

    /** What a finished git command printed. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** Where git runs and what it may see: a git dir and work tree (either may be null), extra variables. */
    record Invocation(Path gitDir, Path workTree, Map<String, String> env) {
        Invocation {
            env = Map.copyOf(env);
        }

        static Invocation none() {
            return new Invocation(null, null, Map.of());
        }

        static Invocation in(Path gitDir) {
            return new Invocation(gitDir, null, Map.of());
        }
    }

    private final Path scratch;
    private final Map<String, String> daemonEnv;

    /** {@code scratch} is the directory git runs in when it needs no repository. */
    GitCli(Path scratch, Map<String, String> daemonEnv) {
        this.scratch = scratch;
        this.daemonEnv = Map.copyOf(daemonEnv);
    }

    /**
     * Runs {@code git <args>}; {@code stderrLines} hears git's progress lines as they come (null: none).
     * Never throws for a non-zero exit: callers turn failures into messages about what they tried.
     */
    Result run(Invocation where, List<String> args, String sshKnownHosts, BooleanSupplier cancelled,
            Consumer<String> stderrLines) {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "umask 0022 && exec \"$0\" \"$@\"", "git",
                "-c", "protocol.file.allow=user", "-c", "core.hooksPath=/dev/null", "-c", "credential.helper="));
        if (where.gitDir() != null) {
            command.add("--git-dir=" + where.gitDir());
        }
        if (where.workTree() != null) {
            command.add("--work-tree=" + where.workTree());
        }
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(scratch.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        for (String name : PASSED_THROUGH) {
            String value = daemonEnv.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putIfAbsent("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("HOME", "/dev/null");
        env.put("LC_ALL", "C");
        // Without a --git-dir, git must not discover a repository above the daemon's scratch directory.
        env.put("GIT_CEILING_DIRECTORIES", scratch.toAbsolutePath().getParent().toString());
        env.put("GIT_SSH_COMMAND", "ssh -F /dev/null " + (sshKnownHosts == null
                ? "-o StrictHostKeyChecking=no" : "-o UserKnownHostsFile=" + sshKnownHosts));
        env.putAll(where.env());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new GitSourceException("cannot run git: " + e.getMessage(),
                    "install git on the daemon's host (Debian package git) or put it on its PATH", e);
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readErr(process.getErrorStream(),
                    stderrLines));
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
                if (cancelled.getAsBoolean()) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor();
                    throw new java.util.concurrent.CancellationException("the build was cancelled while git "
                            + args.get(0) + " ran");
                }
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted while git " + args.get(0) + " ran");
        } catch (IOException e) {
            process.destroyForcibly();
            throw new GitSourceException("cannot talk to git: " + e.getMessage(), "retry the build", e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Keeps the last {@link #MAX_STDERR} bytes for messages; passes each line (or \r-update) on as it comes. */
    private static String readErr(InputStream in, Consumer<String> lines) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (in) {
            for (int b; (b = in.read()) >= 0; ) {
                if (kept.size() < MAX_STDERR) {
                    kept.write(b);
                }
                if (b == '\n' || b == '\r') {
                    if (lines != null && line.size() > 0) {
                        lines.accept(line.toString(StandardCharsets.UTF_8));
                    }
                    line.reset();
                } else {
                    line.write(b);
                }
            }
            if (lines != null && line.size() > 0) {
                lines.accept(line.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // git died; its exit code tells the story
        }
        return kept.toString(StandardCharsets.UTF_8);
    }
}
