package org.jbuildkit.daemon.registry;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import org.jbuildkit.api.registrydebug.ProbePhase;
import org.jbuildkit.api.registrydebug.ProbeRegistryRequest;
import org.jbuildkit.api.registrydebug.ProbeRegistryResponse;
import org.jbuildkit.api.registrydebug.RegistryDebugGrpc;
import org.jbuildkit.registry.diagnostics.PhaseResult;
import org.jbuildkit.registry.diagnostics.ProbeReport;
import org.jbuildkit.registry.diagnostics.RegistryProbe;
import org.jbuildkit.registry.hosts.RegistryEndpoint;
import org.jbuildkit.registry.hosts.RegistryHosts;

/**
 * {@code jbuildkit.v1.RegistryDebug}: the daemon probes a registry with its own configuration and
 * network view, endpoint by endpoint (mirrors first), and answers with the report and the fix.
 */
public final class RegistryDebugService extends RegistryDebugGrpc.RegistryDebugImplBase {
    private final RegistryHosts hosts;
    private final RegistryProbe probe;

    public RegistryDebugService(RegistryHosts hosts, RegistryProbe probe) {
        this.hosts = hosts;
        this.probe = probe;
    }

    @Override
    public void probeRegistry(ProbeRegistryRequest request, StreamObserver<ProbeRegistryResponse> response) {
        String host = request.getHost().trim();
        if (host.isEmpty() || host.contains("/") || host.contains("://")) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("give a registry as HOST or HOST:PORT (as in an"
                    + " image reference), not '" + request.getHost() + "'").asRuntimeException());
            return;
        }
        List<RegistryEndpoint> endpoints;
        try {
            RegistryHosts view = request.getInsecurePush() ? hosts.withInsecurePush(host) : hosts;
            endpoints = view.endpoints(host, request.getInsecurePush());
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            response.onError(Status.FAILED_PRECONDITION.withDescription("registry settings for " + host
                    + " cannot be used: " + e.getMessage()).asRuntimeException());
            return;
        }
        ProbeRegistryResponse.Builder out = ProbeRegistryResponse.newBuilder().setOk(true);
        StringBuilder report = new StringBuilder();
        for (RegistryEndpoint endpoint : endpoints) {
            ProbeReport result = probe.probe(endpoint);
            if (!result.ok() && endpoint.plan().fallsBackToHttp() && result.scheme().equals("https")) {
                // insecure + http: the daemon falls back to plain HTTP after a TLS failure, so probe that too,
                // and show the HTTPS attempt in full only when the fallback fails as well.
                ProbeReport https = result;
                result = probe.probe(endpoint, "http");
                if (result.ok()) {
                    report.append("https://").append(endpoint.host()).append(": ")
                            .append(https.diagnosis().problem())
                            .append("; falling back to plain HTTP (insecure = true and http = true)\n");
                } else {
                    report.append(https.render()).append(https.render().endsWith("\n") ? "" : "\n")
                            .append("falling back to plain HTTP (insecure = true and http = true):\n");
                }
            }
            out.addEndpoints(result.scheme() + "://" + endpoint.host() + (endpoint.isMirror() ? " (mirror)" : ""));
            for (PhaseResult phase : result.phases()) {
                out.addPhases(ProbePhase.newBuilder().setPhase(phase.phase().name())
                        .setOk(phase.status() != PhaseResult.Status.FAILED).addDetails(phase.detail()));
            }
            out.setSettings(result.settings());
            if (!result.ok() && out.getOk()) {
                out.setOk(false).setProblem(result.diagnosis().problem()).setFix(result.diagnosis().fix());
            }
            report.append(result.render());
            if (!report.toString().endsWith("\n")) {
                report.append('\n');
            }
        }
        response.onNext(out.setReport(report.toString()).build());
        response.onCompleted();
    }
}
