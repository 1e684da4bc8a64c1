package org.jbuildkit.daemon.control;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import org.jbuildkit.api.BuildInfo;
import org.jbuildkit.api.control.ControlGrpc;
import org.jbuildkit.api.control.DiskUsageRequest;
import org.jbuildkit.api.control.DiskUsageResponse;
import org.jbuildkit.api.control.InfoRequest;
import org.jbuildkit.api.control.InfoResponse;
import org.jbuildkit.api.control.ListWorkersRequest;
import org.jbuildkit.api.control.ListWorkersResponse;
import org.jbuildkit.api.control.PruneRequest;
import org.jbuildkit.api.control.SolveRequest;
import org.jbuildkit.api.control.SolveResponse;
import org.jbuildkit.api.control.StatusRequest;
import org.jbuildkit.api.control.StatusResponse;
import org.jbuildkit.daemon.cache.remote.RemoteCaches;
import org.jbuildkit.daemon.exporter.Exporters;
import org.jbuildkit.daemon.frontend.Frontends;
import org.jbuildkit.daemon.solver.Solver;
import org.jbuildkit.session.manager.SessionManager;
import org.jbuildkit.session.manager.SessionMetadataInterceptor;
import org.jbuildkit.api.control.UsageRecord;
import org.jbuildkit.api.types.BuildkitVersion;
import org.jbuildkit.api.types.WorkerRecord;
import org.jbuildkit.daemon.buildlog.BuildLogStore;
import org.jbuildkit.daemon.cache.BuildCache;
import org.jbuildkit.daemon.cache.PruneOptions;
import org.jbuildkit.daemon.worker.metadata.RecordFilter;
import org.jbuildkit.daemon.worker.WorkerInfo;

/**
 * The {@code moby.buildkit.v1.Control} service: builds (Solve, Status), worker listing, daemon info,
 * disk usage and prune.
 * RPCs not overridden here answer UNIMPLEMENTED, which upstream clients report as such.
 */
public final class ControlService extends ControlGrpc.ControlImplBase {
    private final WorkerInfo worker;
    private final BuildCache cache;
    private final BuildInfo build;
    private final BuildRequests builds;
    private final SessionManager sessions;

    public ControlService(WorkerInfo worker, BuildCache cache, BuildInfo build, Solver solver,
            SessionManager sessions, Exporters exporters, BuildLogStore logs, StepLogLimits logLimits,
            Frontends frontends, RemoteCaches caches) {
        this.worker = worker;
        this.cache = cache;
        this.build = build;
        this.builds = new BuildRequests(solver, exporters, sessions, logs, logLimits, frontends, caches);
        this.sessions = sessions;
    }

    /** The client's session tunnel; the daemon calls back into the client's services through it. */
    @Override
    public StreamObserver<org.jbuildkit.api.control.BytesMessage> session(
            StreamObserver<org.jbuildkit.api.control.BytesMessage> responses) {
        return sessions.handleSession(responses);
    }

    /** This service with the interceptor that hands session headers to {@link #session}. */
    public io.grpc.BindableService withSessionHeaders() {
        io.grpc.ServerServiceDefinition definition = io.grpc.ServerInterceptors.intercept(this,
                new SessionMetadataInterceptor());
        return () -> definition;
    }

    @Override
    public void solve(SolveRequest request, StreamObserver<SolveResponse> response) {
        builds.solve(request, response);
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> response) {
        builds.status(request, response);
    }

    @Override
    public void listWorkers(ListWorkersRequest request, StreamObserver<ListWorkersResponse> response) {
        List<WorkerFilter> filters;
        try {
            filters = request.getFilterList().stream().map(WorkerFilter::parse).toList();
        } catch (IllegalArgumentException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        WorkerRecord record = WorkerRecord.newBuilder()
                .setID(worker.id())
                .putAllLabels(worker.labels())
                .addAllPlatforms(worker.platforms())
                .addAllGCPolicy(worker.gcPolicies())
                .setBuildkitVersion(version())
                .build();
        ListWorkersResponse.Builder out = ListWorkersResponse.newBuilder();
        if (filters.stream().allMatch(f -> f.matches(record))) {
            out.addRecord(record);
        }
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public void info(InfoRequest request, StreamObserver<InfoResponse> response) {
        response.onNext(InfoResponse.newBuilder().setBuildkitVersion(version()).build());
        response.onCompleted();
    }

    @Override
    public void diskUsage(DiskUsageRequest request, StreamObserver<DiskUsageResponse> response) {
        RecordFilter filter;
        try {
            filter = RecordFilter.parse(request.getFilterList());
        } catch (IllegalArgumentException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        response.onNext(DiskUsageResponse.newBuilder().addAllRecord(cache.usage(filter)).build());
        response.onCompleted();
    }

    @Override
    public void prune(PruneRequest request, StreamObserver<UsageRecord> response) {
        PruneOptions options;
        try {
            if (request.getKeepDuration() < 0) {
                throw new IllegalArgumentException("keep duration must not be negative");
            }
            options = new PruneOptions(RecordFilter.parse(request.getFilterList()), request.getAll(),
                    Duration.ofNanos(request.getKeepDuration()), request.getReservedSpace(),
                    request.getMaxUsedSpace(), request.getMinFreeSpace());
        } catch (IllegalArgumentException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        cache.prune(options, response::onNext);
        response.onCompleted();
    }

    private BuildkitVersion version() {
        return BuildkitVersion.newBuilder()
                .setPackage(build.packageName())
                .setVersion(build.version())
                .setRevision(build.revision())
                .build();
    }
}
