package org.jbuildkit.e2e.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ServiceDescriptor;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jbuildkit.api.filesync.FileSendGrpc;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.e2e.fixtures.BusyboxImage;
import org.jbuildkit.e2e.fixtures.CommandResult;
import org.jbuildkit.e2e.fixtures.Commands;
import org.jbuildkit.e2e.fixtures.DaemonFixture;
import org.jbuildkit.e2e.fixtures.ProjectLayout;
import org.jbuildkit.e2e.fixtures.RegistryFixture;
import org.jbuildkit.e2e.fixtures.RunningCommand;
import org.jbuildkit.llb.CacheSharing;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Mount;
import org.jbuildkit.llb.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session tunnel of real buildctl builds against a real buildkitd: a stalled client (SIGSTOP) is
 * found out by the daemon's health checks and its build cancelled, step container and all; several
 * builds' sessions run at once; and a client advertises exactly the methods of the services it attached.
 * (A client killed outright is {@code solver.CancellationTest}.)
 */
class SessionLifecycleTest {
    @RegisterExtension
    static final RegistryFixture REGISTRY = RegistryFixture.plainHttp();
    /** At debug, so the log shows each Solve's session and what each session advertised. */
    @RegisterExtension
    static final DaemonFixture DAEMON = DaemonFixture.unixSocket("--debug");

    /** Upstream's health window: a check every 5 s, each allowed 15 s, 2 failures in a row end the session. */
    private static final long HEALTH_WINDOW_SECONDS = 45;

    @BeforeAll
    static void pushBase(@TempDir Path tmp) {
        BusyboxImage.build(tmp).push(REGISTRY, "busybox", "latest");
    }

    private static List<String> buildctl(Path refFile, String... more) {
        List<String> command = new ArrayList<>(List.of(ProjectLayout.buildctl().toString(), "--addr",
                DAEMON.unixAddress(), "build", "--progress", "plain", "--ref-file", refFile.toString()));
        command.addAll(List.of(more));
        return command;
    }

    private static Path write(Path tmp, Definition definition) throws Exception {
        return Files.write(tmp.resolve("def-" + System.nanoTime()), definition.toByteArray());
    }

    @Test
    void aStalledClientHasItsBuildCancelledWithinTheHealthWindow(@TempDir Path tmp) throws Exception {
        String marker = "stall-me-" + UUID.randomUUID();
        // The sleep's argument is unique to this test, so finding the process means finding this step.
        int seconds = 300 + (int) (Math.random() * 200);
        Path def = write(tmp, Llb.image(REGISTRY.host() + "/busybox:latest")
                .run(Run.shell("echo " + marker + "; exec sleep " + seconds)).root().marshal());
        Path refFile = tmp.resolve("ref");
        try (RunningCommand build = RunningCommand.start(buildctl(refFile), def)) {
            build.awaitStderr(Pattern.compile(Pattern.quote(marker) + "\n"), 90);
            String ref = Files.readString(refFile).trim();
            assertThat(containers()).as("the step runs in a container").isNotEmpty();
            assertThat(sleepers(seconds)).as("the step's process is running").isNotEmpty();

            build.signal("STOP");
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HEALTH_WINDOW_SECONDS);
                String cancelled = "build " + ref + " cancelled: no active session for ";
                while (!containers().isEmpty() || !sleepers(seconds).isEmpty() || !DAEMON.log().contains(cancelled)) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError(HEALTH_WINDOW_SECONDS + "s after the client stalled, runc lists "
                                + containers() + ", these step processes remain: " + sleepers(seconds)
                                + ", and the daemon log " + (DAEMON.log().contains(cancelled) ? "does" : "does not")
                                + " say '" + cancelled + "':\n" + DAEMON.log());
                    }
                    TimeUnit.MILLISECONDS.sleep(200);
                }
                assertThat(DAEMON.log()).containsPattern(Pattern.quote(cancelled) + "\\w+: session healthcheck failed"
                        + " fatally: ");
            } finally {
                build.signal("CONT");
            }

            CommandResult ended = build.await(60);
            assertThat(ended.exitCode()).as(ended.toString()).isNotZero();
            assertThat(ended.stderr()).containsPattern("error: failed to solve: Canceled: no active session for \\w+:"
                    + " session healthcheck failed fatally");
        }
    }

    @Test
    void severalBuildsRunTheirSessionsAtOnceAndEachGetsItsOutput(@TempDir Path tmp) throws Exception {
        int count = 5;
        // The steps meet in a shared cache mount: each waits until all have arrived, so all builds,
        // and their sessions, are open at the same time.
        String meeting = "meet-" + UUID.randomUUID();
        Mount cache = Mount.cache("/meet", meeting, CacheSharing.SHARED);
        List<RunningCommand> builds = new ArrayList<>();
        List<Path> refs = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Path def = write(tmp, Llb.image(REGISTRY.host() + "/busybox:latest").run(Run.shell("touch /meet/" + i
                        + "; n=0; while [ $(ls /meet | wc -l) -lt " + count + " ]; do n=$((n+1));"
                        + " [ $n -gt 1200 ] && exit 7; sleep 0.1; done; mkdir -p /out; echo build-" + i
                        + " > /out/who; : " + meeting).withMount(cache)).root().marshal());
                Path ref = tmp.resolve("ref-" + i);
                refs.add(ref);
                builds.add(RunningCommand.start(buildctl(ref, "--output", "type=local,dest=" + tmp.resolve("out-" + i)),
                        def));
            }
            for (int i = 0; i < count; i++) {
                CommandResult result = builds.get(i).await(240);
                assertThat(result.exitCode()).as("build %d: %s", i, result).isZero();
                assertThat(Files.readString(tmp.resolve("out-" + i).resolve("out/who"))).isEqualTo("build-" + i + "\n");
            }
        } finally {
            builds.forEach(RunningCommand::close);
        }
        for (Path ref : refs) {
            String session = sessionOf(Files.readString(ref).trim());
            assertThat(DAEMON.log()).as("the daemon let go of session %s", session)
                    .contains("session " + session + " ended: ");
        }
    }

    @Test
    void aClientAdvertisesExactlyTheMethodsOfTheServicesItAttached(@TempDir Path tmp) throws Exception {
        Path def = write(tmp, Llb.image(REGISTRY.host() + "/busybox:latest")
                .run(Run.shell("mkdir -p /o; echo advertised-" + UUID.randomUUID() + " > /o/f")).root().marshal());

        Path plainRef = tmp.resolve("plain-ref");
        CommandResult plain = Commands.run(buildctl(plainRef), Map.of(), 180, def);
        Path localRef = tmp.resolve("local-ref");
        CommandResult local = Commands.run(buildctl(localRef, "--output", "type=local,dest=" + tmp.resolve("out")),
                Map.of(), 180, def);

        Path secret = Files.writeString(tmp.resolve("secret"), "s3cret");
        Path secretRef = tmp.resolve("secret-ref");
        CommandResult withSecret = Commands.run(buildctl(secretRef, "--secret", "id=x,src=" + secret),
                Map.of("BUILDKIT_NO_CLIENT_TOKEN", "1"), 180, def);

        assertThat(plain.exitCode()).as(plain.toString()).isZero();
        assertThat(local.exitCode()).as(local.toString()).isZero();
        assertThat(withSecret.exitCode()).as(withSecret.toString()).isZero();
        Set<String> base = methodsOf(HealthGrpc.getServiceDescriptor());
        base.addAll(List.of("/moby.filesync.v1.Auth/Credentials", "/moby.filesync.v1.Auth/FetchToken"));
        assertThat(advertised(sessionOf(Files.readString(plainRef).trim())))
                .as("a build with no client-side output serves health and registry credentials, no token authority")
                .isEqualTo(base)
                .doesNotContain("/moby.filesync.v1.Auth/GetTokenAuthority", "/moby.filesync.v1.Auth/VerifyTokenAuthority");
        Set<String> withFileSend = new TreeSet<>(base);
        withFileSend.addAll(methodsOf(FileSendGrpc.getServiceDescriptor()));
        assertThat(advertised(sessionOf(Files.readString(localRef).trim())))
                .as("--output type=local adds FileSend, for the daemon to send the files")
                .isEqualTo(withFileSend)
                .contains("/grpc.health.v1.Health/Check", "/moby.filesync.v1.FileSend/DiffCopy");
        Set<String> secrets = methodsOf(HealthGrpc.getServiceDescriptor());
        secrets.addAll(List.of("/moby.filesync.v1.Auth/Credentials", "/moby.buildkit.secrets.v1.Secrets/GetSecret"));
        assertThat(advertised(sessionOf(Files.readString(secretRef).trim())))
                .as("--secret adds Secrets; BUILDKIT_NO_CLIENT_TOKEN=1 drops FetchToken")
                .isEqualTo(secrets);
    }

    /** The session a build's Solve named, from the daemon's debug log. */
    private static String sessionOf(String ref) {
        Matcher m = Pattern.compile("solve " + Pattern.quote(ref) + ": .*, session (\\w+), attrs").matcher(DAEMON.log());
        assertThat(m.find()).as("the daemon logged the Solve of %s:\n%s", ref, DAEMON.log()).isTrue();
        return m.group(1);
    }

    /** The methods a session advertised in its X-Docker-Expose-Session-Grpc-Method headers, as the daemon logged them. */
    private static Set<String> advertised(String session) {
        Matcher m = Pattern.compile("session " + session + " connected \\(name '[^']*'\\), advertises: (.*)")
                .matcher(DAEMON.log());
        assertThat(m.find()).as("the daemon logged session %s connecting:\n%s", session, DAEMON.log()).isTrue();
        return new TreeSet<>(List.of(m.group(1).trim().split(" ")));
    }

    private static Set<String> methodsOf(ServiceDescriptor service) {
        Set<String> urls = new TreeSet<>();
        service.getMethods().forEach(m -> urls.add("/" + m.getFullMethodName()));
        return urls;
    }

    private static List<String> containers() {
        return DAEMON.runcContainers();
    }

    private static List<String> sleepers(int seconds) {
        return Commands.processesMatching("^sleep " + seconds + "$");
    }
}
