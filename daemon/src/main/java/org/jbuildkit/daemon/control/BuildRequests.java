package org.jbuildkit.daemon.control;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jbuildkit.api.control.SolveRequest;
import org.jbuildkit.api.control.SolveResponse;
import org.jbuildkit.api.control.StatusRequest;
import org.jbuildkit.api.control.StatusResponse;
import org.jbuildkit.daemon.buildlog.BuildLogStore;
import org.jbuildkit.daemon.cache.remote.CacheOptionsException;
import org.jbuildkit.daemon.cache.remote.CachePlan;
import org.jbuildkit.daemon.cache.remote.RemoteCaches;
import org.jbuildkit.daemon.exporter.ExportPlan;
import org.jbuildkit.daemon.exporter.ExporterException;
import org.jbuildkit.daemon.exporter.Exporters;
import org.jbuildkit.daemon.frontend.BuildDefinition;
import org.jbuildkit.daemon.frontend.FrontendException;
import org.jbuildkit.daemon.frontend.Frontends;
import org.jbuildkit.daemon.solver.BuildGraph;
import org.jbuildkit.daemon.solver.InvalidDefinitionException;
import org.jbuildkit.daemon.solver.SessionGroup;
import org.jbuildkit.daemon.solver.SolveJob;
import org.jbuildkit.daemon.solver.SolveOptions;
import org.jbuildkit.daemon.solver.Solver;
import org.jbuildkit.session.manager.Caller;
import org.jbuildkit.session.manager.SessionManager;

/**
 * {@code Control.Solve} and {@code Control.Status} for LLB definitions: resolves the outputs, starts the
 * build under the client's ref, streams its progress to every Status call for that ref, exports the
 * result, cancels it when the client goes away, and answers with the exporters' response or the failed step.
 */
final class BuildRequests {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BuildRequests.class);
    /** How long a Status call waits for the Solve of its ref to arrive. */
    private static final long STATUS_WAIT_SECONDS = 120;

    private final Solver solver;
    private final Exporters exporters;
    private final SessionManager sessions;
    private final BuildLogStore logs;
    private final StepLogLimits logLimits;
    private final ActiveBuilds builds = new ActiveBuilds();
    private final SessionBuilds sessionBuilds;
    private final Frontends frontends;
    private final RemoteCaches caches;

    BuildRequests(Solver solver, Exporters exporters, SessionManager sessions, BuildLogStore logs,
            StepLogLimits logLimits, Frontends frontends, RemoteCaches caches) {
        this.frontends = frontends;
        this.caches = caches;
        this.solver = solver;
        this.exporters = exporters;
        this.sessions = sessions;
        this.logs = logs;
        this.logLimits = logLimits;
        this.sessionBuilds = new SessionBuilds(sessions);
    }

    void solve(SolveRequest request, StreamObserver<SolveResponse> response) {
        String ref = request.getRef();
        LOG.debug("solve {}: frontend '{}', {} ops, {} exporters, session {}, attrs {}", ref, request.getFrontend(),
                request.getDefinition().getDefCount(), request.getExportersCount(), request.getSession(),
                request.getFrontendAttrsMap().keySet());
        Status invalid = validate(request);
        ExportPlan plan = null;
        CachePlan cachePlan = null;
        if (invalid == null) {
            try {
                plan = exporters.resolve(request);
                cachePlan = caches.plan(request);
            } catch (ExporterException | CacheOptionsException e) {
                invalid = Status.INVALID_ARGUMENT.withDescription(e.getMessage());
            }
        }
        if (invalid != null) {
            BuildProgress nothing = BuildProgress.nothing();
            if (builds.start(ref, nothing)) {
                nothing.close();
                builds.finish(ref);
            }
            response.onError(invalid.asRuntimeException());
            return;
        }
        BuildProgress progress = new BuildProgress(logLimits, logs.start(ref));
        if (!builds.start(ref, progress)) {
            progress.close();
            response.onError(Status.ALREADY_EXISTS.withDescription("a build with ref " + ref + " is already running")
                    .asRuntimeException());
            return;
        }
        BuildGraph graph = null;
        try {
            graph = request.getFrontend().isEmpty() ? BuildGraph.load(request.getDefinition()) : null;
        } catch (InvalidDefinitionException e) {
            // The client's Status call for this ref ends too, instead of waiting for a build that never starts.
            progress.close();
            builds.finish(ref);
            // Unknown, as upstream's daemon sends LLB load errors: clients then show the message without a code.
            response.onError(Status.UNKNOWN.withDescription("invalid LLB definition: " + e.getMessage())
                    .asRuntimeException());
            return;
        }
        Context call = Context.current();
        ExportPlan outputs = plan;
        CachePlan cache = cachePlan;
        BuildGraph llb = graph;
        SessionGroup group = SessionGroup.of(sessions, request.getSession());
        // Outputs reach the client through its session: find it and check it can take them before building; cache
        // destinations are checked and imported caches read before the build starts too.
        outputs.connect(sessions, request.getSession()).thenCompose(session -> caches.prepare(cache, group, session,
                progress).thenApply(prepared -> new Connected(session, prepared))).whenComplete((connected, error) -> {
            if (error != null) {
                progress.close();
                builds.finish(ref);
                Throwable cause = unwrap(error);
                response.onError(Status.FAILED_PRECONDITION.withDescription(cause.getMessage()).asRuntimeException());
                return;
            }
            if (llb != null) {
                build(request, llb, BuildDefinition.of(request.getDefinition()), outputs, connected.cache(),
                        connected.session(), progress, response, call);
            } else {
                runFrontend(request, outputs, connected.cache(), connected.session(), progress, response, call);
            }
        });
    }

    /** The client's session (null without outputs) and the cache plan with its imports read. */
    private record Connected(Caller session, CachePlan cache) {
    }

    /** The daemon runs the request's frontend, then builds the definition it made as it would the client's own. */
    private void runFrontend(SolveRequest request, ExportPlan outputs, CachePlan cache, Caller session,
            BuildProgress progress, StreamObserver<SolveResponse> response, Context call) {
        var converted = frontends.solve(request.getFrontend(), request.getFrontendAttrsMap(), request.getSession(),
                org.jbuildkit.daemon.solver.SessionGroup.of(sessions, request.getSession()), progress);
        call.addListener(context -> converted.cancel(true), Runnable::run);
        converted.whenComplete((built, error) -> {
            BuildGraph graph = null;
            Throwable failure = error == null ? null : unwrap(error);
            if (failure == null) {
                try {
                    // A frontend's empty definition is the empty tree (FROM scratch with only config), not an error.
                    graph = built.definition().getDefCount() == 0 ? null : BuildGraph.load(built.definition());
                } catch (InvalidDefinitionException e) {
                    failure = new IllegalStateException("frontend " + request.getFrontend() + " made an invalid LLB"
                            + " definition: " + e.getMessage(), e);
                }
            }
            if (failure != null) {
                progress.close();
                builds.finish(request.getRef());
                response.onError(SolveErrors.toStatus(failure, null));
                return;
            }
            build(request, graph, built, outputs, cache, session, progress, response, call);
        });
    }

    private void build(SolveRequest request, BuildGraph graph, BuildDefinition built, ExportPlan outputs,
            CachePlan cache, Caller session, BuildProgress progress, StreamObserver<SolveResponse> response,
            Context call) {
        boolean noCache = Frontends.noCacheForWholeBuild(request.getFrontend(), request.getFrontendAttrsMap());
        SessionGroup group = SessionGroup.of(sessions, request.getSession());
        SolveJob job = graph == null ? SolveJob.scratch() : solver.solve(graph, new SolveOptions(noCache, group,
                cache.imports()), progress);
        AtomicBoolean cancelled = new AtomicBoolean();
        SessionBuilds.Binding bound = sessionBuilds.bind(request.getSession(), request.getRef(), () -> {
            cancelled.set(true);
            job.cancel();
        });
        AtomicBoolean answered = new AtomicBoolean();
        call.addListener(context -> {
            if (!answered.get()) {
                LOG.info("build {} cancelled: its client went away", request.getRef());
            }
            cancelled.set(true);
            job.cancel();
        }, Runnable::run);
        job.result().thenCompose(result -> outputs.export(result, caches.withInlineCache(cache, job, built.metadata(),
                        cancelled::get), session, progress, cancelled::get)
                .thenCompose(exported -> caches.export(cache, job, group, session, progress, cancelled::get)
                        .thenApply(cached -> merged(exported, cached))))
                .whenComplete((exporterResponse, error) -> {
                    answered.set(true);
                    try {
                        bound.close();
                        progress.close();
                        builds.finish(request.getRef());
                    } finally {
                        // The exporters have read the result: the build's holds on its records can go.
                        job.close();
                    }
                    if (error == null) {
                        response.onNext(SolveResponse.newBuilder().putAllExporterResponse(exporterResponse).build());
                        response.onCompleted();
                    } else {
                        response.onError(SolveErrors.toStatus(bound.explain(unwrap(error)), built.definition()));
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

    private Status validate(SolveRequest request) {
        if (request.getRef().isEmpty()) {
            return Status.INVALID_ARGUMENT.withDescription("the solve request has no ref");
        }
        if (!request.getFrontend().isEmpty()) {
            try {
                frontends.check(request.getFrontend(), request.getFrontendAttrsMap());
                return null;
            } catch (FrontendException e) {
                return Status.INVALID_ARGUMENT.withDescription(e.getMessage());
            }
        }
        if (!request.hasDefinition() || request.getDefinition().getDefCount() == 0) {
            // Upstream's client (Client.Build, used by buildctl build since v0.9) sends exactly this and then
            // drives the build through the gateway API (moby.buildkit.v1.frontend.LLBBridge).
            return Status.UNIMPLEMENTED.withDescription("this request carries no LLB definition and no frontend, the"
                    + " way upstream's buildctl starts a build through the gateway API (LLBBridge), which this daemon"
                    + " does not serve yet; use jbuildkit's buildctl, which sends the definition itself");
        }
        return null;
    }

    private static java.util.Map<String, String> merged(java.util.Map<String, String> exported,
            java.util.Map<String, String> cached) {
        java.util.Map<String, String> all = new java.util.TreeMap<>(exported);
        all.putAll(cached);
        return all;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
