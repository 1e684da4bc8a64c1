package org.jbuildkit.client.commands;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jbuildkit.api.control.ControlGrpc;
import org.jbuildkit.api.control.SolveRequest;
import org.jbuildkit.api.control.SolveResponse;
import org.jbuildkit.api.control.StatusRequest;
import org.jbuildkit.api.control.StatusResponse;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.client.Buildctl;
import org.jbuildkit.client.authprovider.DockerAuthProvider;
import org.jbuildkit.client.cache.ClientCacheOptions;
import org.jbuildkit.client.connection.DaemonConnection;
import org.jbuildkit.client.connection.DaemonUnreachableException;
import org.jbuildkit.client.export.ClientOutputs;
import org.jbuildkit.client.failure.SolveFailure;
import org.jbuildkit.client.failure.WholeStepLog;
import org.jbuildkit.client.progress.BuildReport;
import org.jbuildkit.client.progress.ProgressDisplay;
import org.jbuildkit.client.progress.ProgressDisplays;
import org.jbuildkit.client.session.LocalDirsOption;
import org.jbuildkit.client.secrets.ClientSecrets;
import org.jbuildkit.client.ssh.ClientSshAgents;
import org.jbuildkit.session.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code buildctl build}: with no {@code --frontend} it reads a marshaled LLB definition from stdin,
 * as upstream; it sends Solve and follows Status for the same ref, showing progress as it comes.
 */
@Command(name = "build", aliases = "b", description = "build")
public final class BuildCommand implements Callable<Integer> {
    @ParentCommand
    Buildctl buildctl;

    @Spec
    CommandSpec spec;

    @Option(names = "--frontend", paramLabel = "value", description = "frontend to use, e.g. dockerfile.v0")
    String frontend;

    @Option(names = "--opt", paramLabel = "value", description = "frontend option, key=value")
    List<String> opts = new ArrayList<>();

    @Option(names = "--local", paramLabel = "value", description = "local directory, name=path")
    List<String> locals = new ArrayList<>();

    @Option(names = {"--output", "-o"}, paramLabel = "value", description = "output: type=…,key=value")
    List<String> outputs = new ArrayList<>();

    @Option(names = "--progress", paramLabel = "value", defaultValue = "auto",
            description = "auto, plain, tty, rawjson or quiet")
    String progress;

    @Option(names = "--no-cache", description = "disable cache for all the vertices")
    boolean noCache;

    @Option(names = "--allow", paramLabel = "value", description = "allow an entitlement: network.host, security.insecure")
    List<String> allow = new ArrayList<>();

    @Option(names = "--secret", paramLabel = "value", description = "secret: id=…,src=…|env=…")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--ssh", paramLabel = "value", description = "ssh agent socket or keys: default|id[=socket]")
    List<String> ssh = new ArrayList<>();

    @Option(names = "--export-cache", paramLabel = "value", description = "cache export: type=…,key=value")
    List<String> exportCache = new ArrayList<>();

    @Option(names = "--import-cache", paramLabel = "value", description = "cache import: type=…,key=value")
    List<String> importCache = new ArrayList<>();

    @Option(names = "--ref-file", paramLabel = "value", description = "write the build ref to a file")
    java.nio.file.Path refFile;

    @Option(names = "--metadata-file", paramLabel = "value",
            description = "write the build's metadata (e.g. the image digest) to a file as JSON")
    java.nio.file.Path metadataFile;

    @Override
    public Integer call() throws Exception {
        LocalDirsOption localDirs = LocalDirsOption.parse(locals);
        SolveRequest request = request(readDefinition());
        if (refFile != null) {
            java.nio.file.Files.writeString(refFile, request.getRef());
        }
        PrintWriter err = spec.commandLine().getErr();
        ClientCacheOptions cache = ClientCacheOptions.prepare(exportCache, importCache, System.getenv(), err);
        ProgressDisplay display = ProgressDisplays.forThisProcess(progress, err);
        ClientSecrets clientSecrets = ClientSecrets.prepare(secrets);
        try (ClientOutputs exports = ClientOutputs.prepare(outputs);
                LocalDirsOption served = localDirs.usedBy(request);
                ClientSshAgents agents = ClientSshAgents.prepare(ssh);
                DaemonConnection connection = buildctl.global().connect();
                Session session = Session.create(sessionName(), served.sharedKey())) {
            ControlGrpc.ControlStub control = ControlGrpc.newStub(connection.channel());
            exports.attachTo(session);
            session.allow(DockerAuthProvider.forEnvironment(System.getenv()).service());
            served.attachTo(session, err);
            clientSecrets.attachTo(session);
            agents.attachTo(session);
            cache.attachTo(session);
            session.run(control);
            SolveRequest.Builder withSession = request.toBuilder().setSession(session.id());
            exports.addTo(withSession);
            cache.addTo(withSession);
            request = withSession.build();
            CompletableFuture<Void> statusDone = new CompletableFuture<>();
            control.status(StatusRequest.newBuilder().setRef(request.getRef()).build(), observer(display, statusDone));
            CompletableFuture<SolveResponse> solved = new CompletableFuture<>();
            control.solve(request, unary(solved));
            try {
                SolveResponse response = solved.get();
                awaitQuietly(statusDone);
                cache.afterSolve(response == null ? java.util.Map.of() : response.getExporterResponseMap(), err);
                if (metadataFile != null) {
                    org.jbuildkit.client.export.MetadataFile.write(metadataFile,
                            response == null ? java.util.Map.of() : response.getExporterResponseMap());
                }
                new BuildReport(display, err).succeeded();
                return 0;
            } catch (ExecutionException e) {
                awaitQuietly(statusDone);
                if (e.getCause() instanceof StatusRuntimeException status
                        && status.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                    new BuildReport(display, err).failed(SolveFailure.from(status),
                            new WholeStepLog(connection.channel(), request.getRef()));
                    return 1;
                }
                if (e.getCause() instanceof StatusRuntimeException status) {
                    throw DaemonUnreachableException.translate(status, connection,
                            buildctl.global().timeoutSeconds());
                }
                throw e;
            }
        }
    }

    /** Upstream names the session after the working directory. */
    private static String sessionName() {
        java.nio.file.Path cwd = java.nio.file.Path.of("").toAbsolutePath().getFileName();
        return cwd == null ? "buildctl" : cwd.toString();
    }

    private SolveRequest request(Definition definition) {
        SolveRequest.Builder request = SolveRequest.newBuilder()
                .setRef(org.jbuildkit.api.Identity.newId())
                .addAllEntitlements(allow);
        if (definition != null) {
            request.setDefinition(definition);
        }
        if (frontend != null) {
            request.setFrontend(frontend);
        }
        for (String opt : opts) {
            int eq = opt.indexOf('=');
            request.putFrontendAttrs(eq < 0 ? opt : opt.substring(0, eq), eq < 0 ? "" : opt.substring(eq + 1));
        }
        if (noCache) {
            request.putFrontendAttrs("no-cache", "");
        }
        return request.build();
    }

    private Definition readDefinition() throws IOException {
        if (frontend != null) {
            return null;
        }
        InputStream in = System.in;
        byte[] bytes = in.readAllBytes();
        if (bytes.length == 0) {
            throw new IllegalArgumentException("no LLB definition on stdin: pipe one in (a marshaled pb.Definition,"
                    + " as upstream's llb programs write), or use --frontend dockerfile.v0 with --local context=.");
        }
        try {
            return Definition.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("stdin is not a marshaled LLB definition (" + bytes.length + " bytes): "
                    + e.getMessage());
        }
    }

    private static StreamObserver<StatusResponse> observer(ProgressDisplay display, CompletableFuture<Void> done) {
        return new StreamObserver<>() {
            @Override
            public void onNext(StatusResponse value) {
                display.update(value);
            }

            @Override
            public void onError(Throwable t) {
                done.complete(null);
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        };
    }

    private static <T> StreamObserver<T> unary(CompletableFuture<T> result) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                result.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                result.complete(null);
            }
        };
    }

    private static void awaitQuietly(CompletableFuture<Void> done) throws InterruptedException {
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // The build's own result decides the exit code; a lagging progress stream only loses display.
        }
    }
}
