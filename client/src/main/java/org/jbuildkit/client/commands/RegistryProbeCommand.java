package org.jbuildkit.client.commands;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.Callable;
import org.jbuildkit.api.registrydebug.ProbeRegistryRequest;
import org.jbuildkit.api.registrydebug.ProbeRegistryResponse;
import org.jbuildkit.api.registrydebug.RegistryDebugGrpc;
import org.jbuildkit.client.DaemonCall;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code buildctl debug registry HOST[:PORT]}: asks the daemon to probe a registry with its own
 * configuration (its view is the one that matters, e.g. inside Kubernetes) and prints the report.
 */
@Command(name = "registry", description = "probe a registry from the daemon: DNS, TCP, TLS, /v2/, auth")
final class RegistryProbeCommand implements Callable<Integer> {
    @ParentCommand
    DebugCommand debug;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "HOST[:PORT]", description = "registry host as written in image references")
    String host;

    @Option(names = "--insecure", description = "probe as a push with registry.insecure=true would")
    boolean insecure;

    @Override
    public Integer call() {
        ProbeRegistryResponse response;
        try {
            response = DaemonCall.onChannel(debug.global(), channel -> RegistryDebugGrpc.newBlockingStub(channel)
                    .probeRegistry(ProbeRegistryRequest.newBuilder().setHost(host).setInsecurePush(insecure).build()));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                throw new IllegalArgumentException("this daemon does not offer registry probes (an upstream"
                        + " buildkitd?): `buildctl debug registry` needs jbuildkit's buildkitd");
            }
            throw e;
        }
        spec.commandLine().getOut().print(response.getReport());
        spec.commandLine().getOut().flush();
        return response.getOk() ? 0 : 1;
    }
}
