package org.jbuildkit.client.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.client.progress.StatusMessages.cached;
import static org.jbuildkit.client.progress.StatusMessages.digest;
import static org.jbuildkit.client.progress.StatusMessages.done;
import static org.jbuildkit.client.progress.StatusMessages.failed;
import static org.jbuildkit.client.progress.StatusMessages.log;
import static org.jbuildkit.client.progress.StatusMessages.started;
import static org.jbuildkit.client.progress.StatusMessages.status;
import static org.jbuildkit.client.progress.StatusMessages.warning;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jbuildkit.api.control.StatusResponse;
import org.jbuildkit.api.errdefs.Source;
import org.jbuildkit.api.pb.Position;
import org.jbuildkit.api.pb.Range;
import org.jbuildkit.api.pb.SourceInfo;
import org.jbuildkit.client.failure.SolveFailure;
import org.junit.jupiter.api.Test;

/** The plain printer fed with recorded status sequences, compared with upstream's output. */
class PlainProgressTest {
    private static final String FROM = "[1/3] FROM 127.0.0.1:5000/busybox:latest@sha256:"
            + "5edc9980c63f78dece50ede472f0ff010bf8dfa8daba4f3d18f69b5ae9552201";
    private static final String RESOLVE = "resolve 127.0.0.1:5000/busybox:latest@sha256:"
            + "5edc9980c63f78dece50ede472f0ff010bf8dfa8daba4f3d18f69b5ae9552201";
    private static final String FAILING = "[3/3] RUN echo start && ls /nonexistent && exit 3";
    private static final String EXIT = "process \"/bin/sh -c echo start && ls /nonexistent && exit 3\" did not complete"
            + " successfully: exit code: 1";

    private final StringWriter text = new StringWriter();
    private final StatusMessages.TestClock clock = new StatusMessages.TestClock();
    private final PlainProgress progress = new PlainProgress(new PrintWriter(text), clock);

    static String resource(String name) throws IOException {
        try (InputStream in = PlainProgressTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void feed(long millis, StatusResponse... messages) {
        clock.at(millis);
        for (StatusResponse m : messages) {
            progress.update(m);
        }
    }

    private static StatusResponse together(StatusResponse... parts) {
        StatusResponse.Builder all = StatusResponse.newBuilder();
        for (StatusResponse p : parts) {
            all.mergeFrom(p);
        }
        return all.build();
    }

    @Test
    void aParallelBuildPrintsExactlyAsUpstreamsRecording() throws IOException {
        String image = "127.0.0.1:5000/busybox:latest@sha256:5edc9980c63f78dece50ede472f0ff010bf8dfa8daba4f3d18f69b5ae9552201";
        feed(0, started("def", "[internal] load build definition from Dockerfile", 0),
                status("def", "transferring dockerfile:", 488, 0, 0, 5, 5),
                done("def", "[internal] load build definition from Dockerfile", 0, 20));
        feed(30, started("ign", "[internal] load .dockerignore", 30),
                status("ign", "transferring context:", 2, 0, 30, 32, 32),
                done("ign", "[internal] load .dockerignore", 30, 40));
        feed(50, started("meta", "[internal] load metadata for 127.0.0.1:5000/busybox:latest", 50),
                done("meta", "[internal] load metadata for 127.0.0.1:5000/busybox:latest", 50, 60));
        feed(70, started("from", "[c 1/2] FROM " + image, 70), status("from", "resolve " + image, 0, 0, 70, 72, 72),
                cached("from", "[c 1/2] FROM " + image, 70));
        String a = "[a 2/2] RUN sleep 2 && mkdir -p /out && seq 1 20000 > /out/a.txt";
        String b = "[b 2/2] RUN sleep 2 && mkdir -p /out && seq 1 30000 > /out/b.txt";
        String c = "[c 2/2] RUN sleep 2 && mkdir -p /out && seq 1 40000 > /out/c.txt";
        feed(100, together(started("a", a, 100), started("c", c, 100), started("b", b, 100)));
        feed(2200, done("a", a, 100, 2200));
        String copyA = "[stage-3 2/5] COPY --from=a /out/a.txt /r/";
        feed(2300, together(done("c", c, 100, 2300), started("copyA", copyA, 2290), done("copyA", copyA, 2290, 2300)));
        feed(2320, done("b", b, 100, 2320));
        String copyB = "[stage-3 3/5] COPY --from=b /out/b.txt /r/";
        String copyC = "[stage-3 4/5] COPY --from=c /out/c.txt /r/";
        String cat = "[stage-3 5/5] RUN cat /r/*.txt | wc -l > /r/total";
        feed(2330, started("copyB", copyB, 2330), done("copyB", copyB, 2330, 2340));
        feed(2350, started("copyC", copyC, 2350), done("copyC", copyC, 2350, 2360));
        feed(2370, started("cat", cat, 2370), done("cat", cat, 2370, 2470));
        progress.finish();
        assertThat(text.toString()).isEqualTo(resource("upstream-output/build-progress-plain.txt"));
    }

    /** Upstream's recording, rewritten for the one thing upstream changed since (see the golden file's test). */
    static String modernFailureRecording() throws IOException {
        StringBuilder out = new StringBuilder();
        String step = "#0";
        boolean inBox = false;
        for (String line : resource("upstream-output/build-failure-plain.txt").split("\n")) {
            if (line.startsWith("exit=")) {
                continue;
            }
            if (line.matches("#[1-9]\\d* .*")) {
                step = line.substring(0, line.indexOf(' '));
            }
            inBox = line.equals("------") ? !inBox : inBox;
            if (line.startsWith("#0 ")) {
                // buildctl before moby/buildkit ca944127 (May 2023) numbered log lines #0; since then the
                // stream shows the step's number and the failure box shows the bare lines.
                line = inBox ? line.substring(3) : step + line.substring(2);
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    @Test
    void theGoldenFailureIsUpstreamsRecordingWithTodaysLogPrefixes() throws IOException {
        assertThat(resource("progress/build-failure-plain.txt")).isEqualTo(modernFailureRecording());
    }

    @Test
    void aFailingBuildPrintsTheStepsTheBoxTheSourceAndTheErrorAsUpstream() throws IOException {
        feed(0, started("ign", "[internal] load .dockerignore", 0),
                status("ign", "transferring context:", 2, 0, 0, 2, 2), done("ign", "[internal] load .dockerignore", 0, 10));
        feed(20, started("def", "[internal] load build definition from Dockerfile", 20),
                status("def", "transferring dockerfile:", 132, 0, 20, 22, 22),
                done("def", "[internal] load build definition from Dockerfile", 20, 30));
        feed(40, started("meta", "[internal] load metadata for 127.0.0.1:5000/busybox:latest", 40),
                done("meta", "[internal] load metadata for 127.0.0.1:5000/busybox:latest", 40, 50));
        feed(60, started("from", FROM, 60), status("from", RESOLVE, 0, 0, 60, 61, 61), cached("from", FROM, 60));
        feed(100, started("before", "[2/3] RUN echo before", 100));
        feed(171, log("before", 171, "before\n"));
        feed(200, done("before", "[2/3] RUN echo before", 100, 200));
        feed(300, started("fail", FAILING, 300));
        feed(382, log("fail", 382, "start\n"), log("fail", 382, "ls: /nonexistent: No such file or directory\n"));
        feed(400, failed("fail", FAILING, 300, 400, EXIT));
        Source dockerfile = Source.newBuilder().setInfo(SourceInfo.newBuilder().setFilename("Dockerfile")
                        .setData(ByteString.copyFromUtf8("FROM 127.0.0.1:5000/busybox:latest\nRUN echo before\n"
                                + "RUN echo start && ls /nonexistent && exit 3\n")).setLanguage("Dockerfile"))
                .addRanges(Range.newBuilder().setStart(Position.newBuilder().setLine(3))
                        .setEnd(Position.newBuilder().setLine(3)))
                .build();
        new BuildReport(progress, new PrintWriter(text)).failed(
                new SolveFailure(Status.Code.UNKNOWN, EXIT, List.of(digest("fail")), List.of(dockerfile)), null);
        assertThat(text.toString()).isEqualTo(resource("progress/build-failure-plain.txt"));
    }

    @Test
    void outputSwitchesBetweenParallelStepsAndReprintsTheHeaderWhenItComesBack() {
        feed(0, started("a", "step A", 0));
        feed(100, started("b", "step B", 100));
        feed(200, log("a", 200, "a1\n"));
        feed(6000, log("b", 6000, "b1\n"));
        // B has waited more than 10s with something to show: the output goes to it.
        feed(11000, log("b", 11000, "b2\n"));
        feed(11100, done("a", "step A", 0, 11100));
        feed(11200, done("b", "step B", 100, 11200));
        progress.finish();
        assertThat(text.toString()).isEqualTo(String.join("\n",
                "#1 step A",
                "#1 0.200 a1",
                "#1 ...",
                "",
                "#2 step B",
                "#2 5.900 b1",
                "#2 10.90 b2",
                "#2 ...",
                "",
                "#1 step A",
                "#1 DONE 11.1s",
                "",
                "#2 step B",
                "#2 DONE 11.1s",
                ""));
    }

    @Test
    void partialLinesAreCarriedOverAndFinishedWhenTheirEndArrives() {
        feed(0, started("p", "step", 0));
        feed(10, log("p", 10, "hel"));
        assertThat(text.toString()).endsWith("#1 0.010 hel");
        feed(20, log("p", 20, "lo\nprogress 10%\r20%\r"));
        feed(30, log("p", 30, "done\n"));
        feed(40, done("p", "step", 0, 40));
        // Carriage returns pass through as upstream's plain output leaves them; the terminal redraws the line.
        assertThat(text.toString()).isEqualTo("#1 step\n#1 0.010 hello\n#1 0.020 progress 10%\r20%\rdone\n#1 DONE 0.0s\n");
    }

    @Test
    void aPartialLineLeftBySwitchingIsPrintedWholeWhenOutputReturns() {
        feed(0, started("a", "A", 0));
        feed(10, log("a", 10, "hel"));
        feed(20, started("b", "B", 20));
        feed(11000, log("b", 11000, "b\n"));
        feed(11010, log("a", 11010, "lo\n"), done("a", "A", 0, 11020));
        assertThat(text.toString()).contains("#1 0.010 hel\n#1 ...\n\n#2 B\n#2 10.98 b\n#2 ...\n\n#1 A\n#1 0.010 hello\n");
    }

    @Test
    void statusesShowSizesAsUpstreamAndSkipTinyUpdates() {
        feed(0, started("pull", "[1/2] FROM busybox", 0));
        feed(0, status("pull", "sha256:abc", 0, 3_410_000, 0, 0, -1));
        feed(100, status("pull", "sha256:abc", 100_000, 3_410_000, 0, 100, -1));
        feed(300, status("pull", "sha256:abc", 1_050_000, 3_410_000, 0, 300, -1));
        feed(1000, status("pull", "sha256:abc", 3_410_000, 3_410_000, 0, 1000, 1000),
                status("pull", "extracting sha256:abc", 0, 0, 1000, 1100, 1100));
        feed(1200, done("pull", "[1/2] FROM busybox", 0, 1200));
        assertThat(text.toString()).isEqualTo(String.join("\n",
                "#1 [1/2] FROM busybox",
                "#1 sha256:abc 0B / 3.41MB",
                "#1 sha256:abc 1.05MB / 3.41MB 0.3s",
                "#1 sha256:abc 3.41MB / 3.41MB 1.0s done",
                "#1 extracting sha256:abc 0.1s done",
                "#1 DONE 1.2s",
                ""));
    }

    @Test
    void aCacheMissExplanationIsPrintedOnceWithoutTimingAndDoesNotHoldTheStepOpen() {
        feed(0, started("run", "[2/2] RUN make", 0));
        feed(5, status("run", "cache miss: the file src/main.c changed", 0, 0, 5, 5, -1));
        feed(900, status("run", "cache miss: the file src/main.c changed", 0, 0, 5, 900, -1));
        feed(1000, done("run", "[2/2] RUN make", 0, 1000));
        assertThat(text.toString()).isEqualTo(
                "#1 [2/2] RUN make\n#1 cache miss: the file src/main.c changed\n#1 DONE 1.0s\n");
    }

    @Test
    void warningsAreShownWithTheirStepAndListedAtTheEnd() {
        feed(0, started("w", "[1/1] FROM busybox", 0));
        feed(10, warning("w", "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)",
                "Use consistent casing."));
        feed(20, done("w", "[1/1] FROM busybox", 0, 20));
        new BuildReport(progress, new PrintWriter(text)).succeeded();
        assertThat(text.toString()).isEqualTo(String.join("\n",
                "#1 [1/1] FROM busybox",
                "#1 WARN: FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)",
                "#1 DONE 0.0s",
                "",
                "WARNING: FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)",
                "Use consistent casing.",
                "More info: https://docs.example/warn",
                ""));
    }

    @Test
    void aCancelledStepSaysSoAndGetsNoBox() {
        feed(0, started("x", "[1/1] RUN sleep 100", 0));
        feed(10, log("x", 10, "sleeping\n"));
        feed(500, failed("x", "[1/1] RUN sleep 100", 0, 500, "context canceled"));
        progress.finish();
        assertThat(text.toString()).isEqualTo("#1 [1/1] RUN sleep 100\n#1 0.010 sleeping\n#1 CANCELED\n");
        assertThat(progress.failedSteps()).isEmpty();
    }

    @Test
    void theBoxKeepsTheLastTenLinesAndAClippedStepIsReportedAsSuch() {
        feed(0, started("big", "[1/1] RUN seq 20", 0));
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            lines.append(i).append('\n');
        }
        feed(10, log("big", 10, lines + "\n[output clipped, log limit 2MiB reached]\n"));
        feed(20, failed("big", "[1/1] RUN seq 20", 0, 20, "exit code: 1"));
        progress.finish();
        String box = text.toString().substring(text.toString().indexOf("------"));
        StringBuilder expected = new StringBuilder("------\n > [1/1] RUN seq 20:\n");
        for (int i = 13; i <= 20; i++) {
            expected.append("0.010 ").append(i).append('\n');
        }
        expected.append("0.010 \n0.010 [output clipped, log limit 2MiB reached]\n------\n");
        assertThat(box).isEqualTo(expected.toString());
        assertThat(progress.failedSteps()).containsExactly(
                new ProgressDisplay.FailedStep(digest("big"), "[1/1] RUN seq 20", true));
    }
}
