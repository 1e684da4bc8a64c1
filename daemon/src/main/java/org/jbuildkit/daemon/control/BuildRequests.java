package org.jbuildkit.daemon.control;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.control.SolveRequest;
import org.jbuildkit.api.control.SolveResponse;
import org.jbuildkit.api.control.StatusRequest;
import org.jbuildkit.api.control.StatusResponse;
import org.jbuildkit.daemon.solver.BuildGraph;
import org.jbuildkit.daemon.solver.InvalidDefinitionException;
import org.jbuildkit.daemon.solver.SolveJob;
import org.jbuildkit.daemon.solver.SolveOptions;
import org.jbuildkit.daemon.solver.Solver;
import org.jbuildkit.daemon.solver.VertexFailedException;

/**
 * {@code Control.Solve} and {@code Control.Status} for LLB definitions: starts the build under the
 * client's ref, streams its progress to every Status call for that ref, cancels it when the client
 * goes away, and answers with the result or the failed step.
 */
final class BuildRequests {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BuildRequests.class);
    /** How long a Status call waits for the Solve of its ref to arrive. */
    private static final long STATUS_WAIT_SECONDS = 120;

    private final Solver solver;
    private final ActiveBuilds builds = new ActiveBuilds();

    BuildRequests(Solver solver) {
        this.solver = solver;
    }

    void solve(SolveRequest request, StreamObserver<SolveResponse> response) {
        String ref = request.getRef();
        LOG.debug("solve {}: frontend '{}', {} ops, {} exporters, session {}, attrs {}", ref, request.getFrontend(),
                request.getDefinition().getDefCount(), request.getExportersCount(), request.getSession(),
                request.getFrontendAttrsMap().keySet());
        Status invalid = validate(request);
        if (invalid != null) {
            BuildProgress nothing = new BuildProgress();
            if (builds.start(ref, nothing)) {
                nothing.close();
                builds.finish(ref);
            }
            response.onError(invalid.asRuntimeException());
            return;
        }
        BuildProgress progress = new BuildProgress();
        if (!builds.start(ref, progress)) {
            response.onError(Status.ALREADY_EXISTS.withDescription("a build with ref " + ref + " is already running")
                    .asRuntimeException());
            return;
        }
        BuildGraph graph;
        try {
            graph = BuildGraph.load(request.getDefinition());
        } catch (InvalidDefinitionException e) {
            // The client's Status call for this ref ends too, instead of waiting for a build that never starts.
            progress.close();
            builds.finish(ref);
            response.onError(Status.INVALID_ARGUMENT.withDescription("invalid LLB definition: " + e.getMessage())
                    .asRuntimeException());
            return;
        }
        boolean noCache = request.getFrontendAttrsMap().containsKey("no-cache");
        SolveJob job = solver.solve(graph, new SolveOptions(noCache), progress);
        Context.current().addListener(context -> job.cancel(), Runnable::run);
        job.result().whenComplete((result, error) -> {
            try {
                progress.close();
                builds.finish(ref);
            } finally {
                // Nothing reads the result after this point (exporting would come first).
                job.close();
            }
            if (error == null) {
                response.onNext(SolveResponse.getDefaultInstance());
                response.onCompleted();
            } else {
                response.onError(toStatus(error).asRuntimeException());
            }
        });
    }

    void status(StatusRequest request, StreamObserver<StatusResponse> response) {
        ServerCallStreamObserver<StatusResponse> call = (ServerCallStreamObserver<StatusResponse>) response;
        builds.progress(request.getRef()).orTimeout(STATUS_WAIT_SECONDS, TimeUnit.SECONDS)
                .whenComplete((progress, error) -> {
                    if (error != null) {
                        builds.finish(request.getRef());
                        response.onError(Status.NOT_FOUND.withDescription("no build with ref " + request.getRef()
                                + " started within " + STATUS_WAIT_SECONDS + "s").asRuntimeException());
                        return;
                    }
                    progress.subscribe(message -> {
                        if (!call.isCancelled()) {
                            response.onNext(message);
                        }
                    }, () -> {
                        if (!call.isCancelled()) {
                            response.onCompleted();
                        }
                    });
                });
    }

    private static Status validate(SolveRequest request) {
        if (request.getRef().isEmpty()) {
            return Status.INVALID_ARGUMENT.withDescription("the solve request has no ref");
        }
        if (!request.getFrontend().isEmpty()) {
            return Status.UNIMPLEMENTED.withDescription("frontend " + request.getFrontend() + " is not available in"
                    + " this daemon yet: send an LLB definition (buildctl build with no --frontend reads one from"
                    + " stdin)");
        }
        if (!request.hasDefinition() || request.getDefinition().getDefCount() == 0) {
            // Upstream's client (Client.Build, used by buildctl build since v0.9) sends exactly this and then
            // drives the build through the gateway API (moby.buildkit.v1.frontend.LLBBridge).
            return Status.UNIMPLEMENTED.withDescription("this request carries no LLB definition and no frontend, the"
                    + " way upstream's buildctl starts a build through the gateway API (LLBBridge), which this daemon"
                    + " does not serve yet; use jbuildkit's buildctl, which sends the definition itself");
        }
        if (request.getExportersCount() > 0 || !request.getExporterDeprecated().isEmpty()) {
            String type = request.getExportersCount() > 0 ? request.getExporters(0).getType()
                    : request.getExporterDeprecated();
            return Status.UNIMPLEMENTED.withDescription("output type " + type + " is not available in this daemon"
                    + " yet; build without --output to check that the graph builds");
        }
        return null;
    }

    private static Status toStatus(Throwable error) {
        if (error instanceof CancellationException) {
            return Status.CANCELLED.withDescription("build cancelled");
        }
        if (error instanceof VertexFailedException failed) {
            Throwable cause = failed.getCause() == null ? failed : failed.getCause();
            return Status.UNKNOWN.withDescription(cause.getMessage() == null ? cause.toString() : cause.getMessage());
        }
        return Status.INTERNAL.withDescription(error.getMessage() == null ? error.toString() : error.getMessage());
    }
}
