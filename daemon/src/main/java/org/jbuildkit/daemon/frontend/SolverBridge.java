package org.jbuildkit.daemon.frontend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.daemon.ops.SnapshotResult;
import org.jbuildkit.daemon.solver.BuildGraph;
import org.jbuildkit.daemon.solver.BuildWarning;
import org.jbuildkit.daemon.solver.ProgressSink;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.solver.SessionGroup;
import org.jbuildkit.daemon.solver.SolveJob;
import org.jbuildkit.daemon.solver.SolveOptions;
import org.jbuildkit.daemon.solver.Solver;
import org.jbuildkit.daemon.solver.Vertex;
import org.jbuildkit.dockerfile.ImageMetaResolver;

/**
 * The bridge of one build: sub-solves run on the daemon's solver with the build's sessions and progress (so their
 * vertices show up as {@code [internal] …} steps of the build), files are read from their snapshots, and image
 * metadata comes from the build's own resolver. {@link #cancel()} stops whatever sub-solve is running.
 */
final class SolverBridge implements FrontendBridge {
    private final Solver solver;
    private final SessionGroup sessions;
    private final ProgressSink progress;
    private final SnapshotFiles files;
    private final ImageMetaResolver images;
    private final Clock clock;
    private final List<SolveJob> running = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    SolverBridge(Solver solver, SessionGroup sessions, ProgressSink progress, SnapshotFiles files,
            ImageMetaResolver images, Clock clock) {
        this.solver = solver;
        this.sessions = sessions;
        this.progress = progress;
        this.files = files;
        this.images = images;
        this.clock = clock;
    }

    @Override
    public SolvedTree solve(Definition definition) throws Exception {
        BuildGraph graph = BuildGraph.load(definition);
        if (cancelled) {
            throw new CancellationException("build cancelled");
        }
        SolveJob job = solver.solve(graph, new SolveOptions(false, sessions), progress);
        running.add(job);
        if (cancelled) {
            // cancel() ran between the check above and the add: it may not have seen this job.
            job.cancel();
        }
        try {
            ResultRef result = job.result().get();
            Vertex head = graph.vertex(graph.head().vertex());
            return new JobTree(job, head, result);
        } catch (ExecutionException e) {
            close(job);
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (InterruptedException | RuntimeException e) {
            job.cancel();
            close(job);
            throw e;
        }
    }

    @Override
    public ImageMetaResolver images() {
        return images;
    }

    @Override
    public void log(Vertex vertex, String line) {
        progress.log(vertex, 1, (line.endsWith("\n") ? line : line + "\n").getBytes(StandardCharsets.UTF_8),
                clock.instant());
    }

    @Override
    public void warning(Vertex vertex, BuildWarning warning) {
        progress.warning(vertex, warning);
    }

    void cancel() {
        cancelled = true;
        running.forEach(SolveJob::cancel);
    }

    private void close(SolveJob job) {
        running.remove(job);
        job.close();
    }

    /** A sub-solve's result, held until the frontend has read it. */
    private final class JobTree implements SolvedTree {
        private final SolveJob job;
        private final Vertex vertex;
        private final ResultRef result;

        JobTree(SolveJob job, Vertex vertex, ResultRef result) {
            this.job = job;
            this.vertex = vertex;
            this.result = result;
        }

        @Override
        public Vertex vertex() {
            return vertex;
        }

        @Override
        public Optional<byte[]> readFile(String path) throws IOException {
            if (!(result instanceof SnapshotResult snapshot)) {
                return Optional.empty();
            }
            return files.read(snapshot.snapshot(), path);
        }

        @Override
        public void close() {
            SolverBridge.this.close(job);
        }
    }
}
