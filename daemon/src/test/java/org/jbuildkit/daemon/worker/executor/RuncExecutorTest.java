package org.jbuildkit.daemon.worker.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real runc containers on a busybox rootfs (needs root, runc and busybox-static). */
@Timeout(60)
class RuncExecutorTest {
    @TempDir
    static Path tmp;
    static Path rootfs;
    static RuncExecutor executor;

    @BeforeAll
    static void setUp() throws IOException {
        assumeTrue(BusyboxRootfs.usable(), "needs root and /bin/busybox (busybox-static)");
        rootfs = BusyboxRootfs.create(Files.createDirectories(tmp.resolve("rootfs")));
        executor = RuncExecutor.builder(tmp.resolve("executor")).build();
    }

    static ExecSpec.Builder sh(String script) {
        return ExecSpec.builder(rootfs, List.of("/bin/sh", "-c", script));
    }

    static CapturedOutput run(ExecSpec spec) throws ExecutorException {
        CapturedOutput out = new CapturedOutput();
        ExecResult result = executor.run(spec, out.io(), new CompletableFuture<Void>());
        assertThat(result.exitCode()).as("exit code; stderr: %s", out.stderr()).isZero();
        return out;
    }

    @Test
    void stdoutAndStderrAreCapturedSeparately() throws Exception {
        CapturedOutput out = run(sh("echo to-out; echo to-err >&2").build());
        assertThat(out.stdout()).isEqualTo("to-out\n");
        assertThat(out.stderr()).isEqualTo("to-err\n");
    }

    @Test
    void exitCodeIsReported() throws Exception {
        ExecResult result = executor.run(sh("exit 3").build(), ProcessIO.discard(), new CompletableFuture<Void>());
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.finished()).isAfterOrEqualTo(result.started());
    }

    @Test
    void envCwdAndNumericUserAreApplied() throws Exception {
        CapturedOutput out = run(sh("echo $GREETING; pwd; id -u; id -g")
                .env("GREETING=hello").cwd("/work/dir").user("1234:5678").build());
        assertThat(out.stdout()).isEqualTo("hello\n/work/dir\n1234\n5678\n");
        assertThat(Files.getAttribute(rootfs.resolve("work/dir"), "unix:uid")).isEqualTo(1234);
    }

    @Test
    void namedUserIsResolvedFromTheRootfsPasswdAndGroup() throws Exception {
        CapturedOutput out = run(sh("id -u; id -g; id -G").user("builder").build());
        assertThat(out.stdout()).isEqualTo("1000\n1000\n1000 10\n");
        assertThat(run(sh("id -u; id -g").user("nobody:wheel").build()).stdout()).isEqualTo("65534\n10\n");
    }

    @Test
    void unknownUserIsNamedInTheError() {
        assertThatThrownBy(() -> run(sh("true").user("ghost").build()))
                .isInstanceOf(ExecutorException.class)
                .hasMessageContaining("unable to find user ghost");
    }

    @Test
    void networkNoneHasOnlyLoopback() throws Exception {
        String dev = run(sh("cat /proc/net/dev").network(NetworkMode.NONE).build()).stdout();
        assertThat(interfaces(dev)).containsExactly("lo");
        assertThat(run(sh("ip link").network(NetworkMode.NONE).build()).stdout()).contains("lo:").contains("UP");
    }

    @Test
    void hostNetworkSeesTheHostsInterfaces() throws Exception {
        String dev = run(sh("cat /proc/net/dev").build()).stdout();
        Set<String> host = interfaces(Files.readString(Path.of("/proc/net/dev")));
        assertThat(host).hasSizeGreaterThan(1);
        assertThat(interfaces(dev)).isEqualTo(host);
    }

    @Test
    void readonlyBindCannotBeWrittenAndWritableBindCan() throws Exception {
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        Path rw = Files.createDirectories(tmp.resolve("rw"));
        Files.writeString(ro.resolve("in"), "input\n");
        CapturedOutput out = run(sh("cat /in/in; if touch /in/x 2>/dev/null; then echo wrote-ro; fi; echo ok > /out/result")
                .mount(new ExecMount.Bind(ro, "/in", true))
                .mount(new ExecMount.Bind(rw, "/out", false)).build());
        assertThat(out.stdout()).isEqualTo("input\n");
        assertThat(ro.resolve("x")).doesNotExist();
        assertThat(rw.resolve("result")).hasContent("ok");
    }

    @Test
    void tmpfsMountIsWritableAndSized() throws Exception {
        CapturedOutput out = run(sh("echo data > /scratch/f && cat /scratch/f && grep ' /scratch ' /proc/mounts")
                .mount(new ExecMount.Tmpfs("/scratch", 8 * 1024 * 1024)).build());
        assertThat(out.stdout()).startsWith("data\ntmpfs /scratch tmpfs").contains("size=8192k");
        assertThat(rootfs.resolve("scratch")).doesNotExist();
    }

    @Test
    void secretFileHasItsModeAndOwner() throws Exception {
        CapturedOutput out = run(sh("cat /run/secrets/token; echo; stat -c '%a %u %g' /run/secrets/token")
                .mount(new ExecMount.SecretFile("s3cr3t".getBytes(StandardCharsets.UTF_8), "/run/secrets/token",
                        0400, 1000, 1000))
                .user("builder").build());
        assertThat(out.stdout()).isEqualTo("s3cr3t\n400 1000 1000\n");
    }

    @Test
    void secretFileLivesOnATmpfsThatIsGoneAfterTheExec() throws Exception {
        CapturedOutput out = run(sh("grep ' /run/secrets/tmpfs-token ' /proc/mounts")
                .mount(new ExecMount.SecretFile("s3cr3t".getBytes(StandardCharsets.UTF_8), "/run/secrets/tmpfs-token",
                        0400, 0, 0)).build());
        assertThat(out.stdout()).startsWith("tmpfs /run/secrets/tmpfs-token tmpfs ro,");
        try (var bundles = Files.list(executor.bundlesDir())) {
            assertThat(bundles).isEmpty();
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(executor.bundlesDir().toString());
    }

    @Test
    void recursiveStubRemovalAlsoRemovesTheDirectoriesMadeForAMountPoint() throws Exception {
        run(sh("test -d /stub-a/b/c").mount(new ExecMount.Tmpfs("/stub-a/b/c", 0))
                .removeMountStubsRecursive(true).build());
        assertThat(rootfs.resolve("stub-a")).doesNotExist();

        run(sh("test -d /stub-x/y/z").mount(new ExecMount.Tmpfs("/stub-x/y/z", 0)).build());
        assertThat(rootfs.resolve("stub-x/y/z")).doesNotExist();
        assertThat(rootfs.resolve("stub-x/y")).isDirectory();
    }

    @Test
    void hostnameAndExtraHostsAreApplied() throws Exception {
        CapturedOutput out = run(sh("hostname; cat /etc/hosts").hostname("stepbox")
                .extraHost(new ExtraHost("registry.test", InetAddress.getByName("10.1.2.3"))).build());
        assertThat(out.stdout()).startsWith("stepbox\n127.0.0.1\tlocalhost stepbox\n")
                .contains("10.1.2.3\tregistry.test\n");
    }

    @Test
    void processSandboxDecidesThePidNamespace() throws Exception {
        assertThat(run(sh("echo $$").build()).stdout()).isEqualTo("1\n");
        String pid = run(sh("echo $$").processMode(ProcessMode.NO_SANDBOX).build()).stdout().trim();
        assertThat(Integer.parseInt(pid)).isGreaterThan(1);
    }

    @Test
    void insecureGetsEveryCapabilityTheDaemonHas() throws Exception {
        String sandbox = run(sh("grep CapEff /proc/self/status").build()).stdout();
        String insecure = run(sh("grep CapEff /proc/self/status").security(SecurityMode.INSECURE).build()).stdout();
        String daemon = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("CapPrm:")).findFirst().orElseThrow().substring(7).trim();
        assertThat(insecure.trim()).endsWith(daemon);
        assertThat(sandbox.trim()).endsWith("00000000a80425fb");
    }

    @Test
    void ulimitsComeFromTheDaemonUnlessAsked() throws Exception {
        String own = Files.readAllLines(Path.of("/proc/self/limits")).stream()
                .filter(l -> l.startsWith("Max open files")).findFirst().orElseThrow().split("\\s+")[3];
        assertThat(run(sh("ulimit -n").build()).stdout().trim()).isEqualTo(own);
        assertThat(run(sh("ulimit -n").ulimit(new Ulimit("nofile", 1024, 1024)).build()).stdout()).isEqualTo("1024\n");
        assertThatThrownBy(() -> run(sh("true").ulimit(new Ulimit("nofile", 1024, Ulimit.UNLIMITED)).build()))
                .isInstanceOf(ExecutorException.class)
                .hasMessageContaining("nofile").hasMessageContaining("CAP_SYS_RESOURCE");
    }

    @Test
    void cancellationKillsTheContainerAndRemovesEverything() throws Exception {
        CompletableFuture<Void> cancel = new CompletableFuture<>();
        CompletableFuture<Void> started = new CompletableFuture<>();
        ProcessIO io = new ProcessIO((b, o, l) -> started.complete(null), (b, o, l) -> { });
        ExecutorService thread = Executors.newSingleThreadExecutor();
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                executor.run(sh("echo started; sleep 30").build(), io, cancel);
                return null;
            } catch (ExecutorException e) {
                return e;
            }
        }, thread);
        thread.shutdown();
        started.get(20, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        cancel.complete(null);
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecCancelledException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5000);
        assertThat(runcList()).isEmpty();
        try (var bundles = Files.list(executor.bundlesDir())) {
            assertThat(bundles.toList()).isEmpty();
        }
    }

    @Test
    void twoExecsRunConcurrently() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        // Each step waits for the other's file: both succeed only if they overlap in time. Each has
        // its own rootfs, as each exec has its own snapshot in a build.
        String wait = "i=0; while [ ! -f /shared/%s ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; test -f /shared/%s";
        Path rootfsA = BusyboxRootfs.create(Files.createDirectories(tmp.resolve("rootfs-a")));
        Path rootfsB = BusyboxRootfs.create(Files.createDirectories(tmp.resolve("rootfs-b")));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> exit(ExecSpec.builder(rootfsA,
                    List.of("/bin/sh", "-c", "touch /shared/a; " + String.format(wait, "b", "b")))
                    .mount(new ExecMount.Bind(shared, "/shared", false)).build()), threads);
            CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> exit(ExecSpec.builder(rootfsB,
                    List.of("/bin/sh", "-c", "touch /shared/b; " + String.format(wait, "a", "a")))
                    .mount(new ExecMount.Bind(shared, "/shared", false)).build()), threads);
            assertThat(a.get(30, TimeUnit.SECONDS)).isZero();
            assertThat(b.get(30, TimeUnit.SECONDS)).isZero();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void hugeOutputIsStreamedNotBuffered() throws Exception {
        long[] count = new long[1];
        ProcessIO io = new ProcessIO((b, o, l) -> count[0] += l, (b, o, l) -> { });
        ExecResult result = executor.run(sh("yes | head -c 50000000").build(), io, new CompletableFuture<Void>());
        assertThat(result.exitCode()).isZero();
        assertThat(count[0]).isEqualTo(50_000_000L);
    }

    @Test
    void missingRuntimeBinaryIsNamedInTheError() throws Exception {
        RuncExecutor broken = RuncExecutor.builder(tmp.resolve("broken")).runtime("/nonexistent/runc").build();
        assertThatThrownBy(() -> broken.run(sh("true").build(), ProcessIO.discard(), new CompletableFuture<Void>()))
                .isInstanceOf(ExecutorException.class)
                .hasMessageContaining("/nonexistent/runc")
                .hasMessageContaining("apt-get install runc");
    }

    @Test
    void runtimeThatFailsBeforeStartingIsNotReportedAsTheStepsExitCode() throws Exception {
        RuncExecutor broken = RuncExecutor.builder(tmp.resolve("false")).runtime("/bin/false").build();
        assertThatThrownBy(() -> broken.run(sh("true").build(), ProcessIO.discard(), new CompletableFuture<Void>()))
                .isInstanceOf(ExecutorException.class)
                .hasMessageContaining("OCI runtime /bin/false could not start the container")
                .hasMessageContaining("exited 1 before starting");
        try (var bundles = Files.list(broken.bundlesDir())) {
            assertThat(bundles.toList()).isEmpty();
        }
    }

    @Test
    void interruptingTheCallerKillsTheContainer() throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                executor.run(sh("echo started; sleep 30").build(),
                        new ProcessIO((b, o, l) -> started.complete(null), (b, o, l) -> { }), new CompletableFuture<Void>());
                outcome.complete(null);
            } catch (ExecutorException e) {
                outcome.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("interrupt lost", e));
            }
        });
        caller.start();
        started.get(20, TimeUnit.SECONDS);
        caller.interrupt();
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecCancelledException.class);
        assertThat(runcList()).isEmpty();
    }

    @Test
    void alreadyCancelledExecDoesNotStart() {
        assertThatThrownBy(() -> executor.run(sh("true").build(), ProcessIO.discard(),
                CompletableFuture.completedFuture(null)))
                .isInstanceOf(ExecCancelledException.class).hasMessageContaining("before its container started");
    }

    @Test
    void containerThatCannotStartIsAnErrorNamingRuncAndItsMessage() {
        assertThatThrownBy(() -> run(ExecSpec.builder(rootfs, List.of("/bin/no-such-program")).build()))
                .isInstanceOf(ExecutorException.class)
                .hasMessageContaining("runc")
                .hasMessageContaining("no-such-program");
    }

    private static int exit(ExecSpec spec) {
        try {
            return executor.run(spec, ProcessIO.discard(), new CompletableFuture<Void>()).exitCode();
        } catch (ExecutorException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> interfaces(String procNetDev) {
        return Arrays.stream(procNetDev.split("\n")).skip(2).map(l -> l.split(":")[0].trim())
                .filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    private static List<String> runcList() throws Exception {
        Process p = new ProcessBuilder("runc", "--root", executor.stateDir().toString(), "list", "-q")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }
}
