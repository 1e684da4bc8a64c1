package org.jbuildkit.daemon;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jbuildkit.daemon.config.ConfigEnvironment;
import org.jbuildkit.daemon.config.ConfigException;
import org.jbuildkit.daemon.config.ConfigResolver;
import org.jbuildkit.daemon.config.DaemonFlags;
import org.jbuildkit.daemon.config.EffectiveConfig;
import org.jbuildkit.api.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** buildkitd's command line: upstream's flags, turned into {@link DaemonFlags} and handed to {@link Daemon}. */
@Command(name = "buildkitd", usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        versionProvider = Buildkitd.Version.class,
        description = "BuildKit is a toolkit for converting source code to build artifacts in an efficient,"
                + " expressive and repeatable manner.")
public final class Buildkitd implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "value",
            description = "path to config file (default: /etc/buildkit/buildkitd.toml as root,"
                    + " ~/.config/buildkit/buildkitd.toml otherwise)")
    Path config;

    @Option(names = "--debug", description = "enable debug output in logs")
    boolean debug;

    @Option(names = "--trace", description = "enable trace output in logs (highly verbose)")
    boolean trace;

    @Option(names = "--root", paramLabel = "value", description = "path to state directory")
    Path root;

    @Option(names = "--addr", paramLabel = "value", description = "listening address (socket or tcp), repeatable")
    List<String> addrs = new ArrayList<>();

    @Option(names = "--group", paramLabel = "value",
            description = "group (name or gid) which will own all Unix socket listening addresses")
    String group;

    @Option(names = "--tlscert", paramLabel = "value", description = "certificate file to use")
    Path tlsCert;

    @Option(names = "--tlskey", paramLabel = "value", description = "key file to use")
    Path tlsKey;

    @Option(names = "--tlscacert", paramLabel = "value", description = "ca certificate to verify clients")
    Path tlsCaCert;

    @Option(names = "--allow-insecure-entitlement", paramLabel = "value",
            description = "allows insecure entitlements e.g. network.host, security.insecure")
    List<String> allowInsecureEntitlements = new ArrayList<>();

    @Option(names = "--oci-worker", paramLabel = "value", description = "enable oci workers (true/false/auto)")
    String ociWorker;

    @Option(names = "--oci-worker-binary", paramLabel = "value", description = "name of specified oci worker binary")
    String ociWorkerBinary;

    @Option(names = "--oci-worker-snapshotter", paramLabel = "value",
            description = "name of snapshotter (overlayfs, native, auto)")
    String ociWorkerSnapshotter;

    @Option(names = "--oci-worker-no-process-sandbox",
            description = "use the host PID namespace and procfs (no process sandbox for build steps)")
    boolean ociWorkerNoProcessSandbox;

    @Option(names = "--oci-worker-platform", paramLabel = "value", description = "override supported platforms")
    List<String> ociWorkerPlatforms = new ArrayList<>();

    @Option(names = "--print-config",
            description = "print the effective configuration, and where each value came from, then exit")
    boolean printConfig;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Buildkitd());
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("buildkitd: " + e.getMessage());
            e.getCommandLine().getErr().println("Run 'buildkitd --help' for usage.");
            return 2;
        });
        int code = cli.execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        EffectiveConfig effective;
        try {
            effective = ConfigResolver.resolve(flags(), ConfigEnvironment.system());
        } catch (ConfigException e) {
            err.println("buildkitd: " + e.problem());
            if (e.fix() != null && !e.fix().isEmpty()) {
                err.println("  fix: " + e.fix());
            }
            return 1;
        }
        if (printConfig) {
            spec.commandLine().getOut().print(effective.printConfig());
            spec.commandLine().getOut().flush();
            return 0;
        }
        return new Daemon(effective, debug || trace).run(err);
    }

    DaemonFlags flags() {
        return new DaemonFlags(config, root, addrs, group, debug ? Boolean.TRUE : null, tlsCert, tlsKey, tlsCaCert,
                parseTristate(ociWorker), ociWorkerBinary, ociWorkerSnapshotter,
                ociWorkerNoProcessSandbox ? Boolean.TRUE : null, ociWorkerPlatforms, allowInsecureEntitlements);
    }

    private static Boolean parseTristate(String value) {
        if (value == null || value.equalsIgnoreCase("auto")) {
            return null;
        }
        return switch (value.toLowerCase()) {
            case "true", "1", "t" -> Boolean.TRUE;
            case "false", "0", "f" -> Boolean.FALSE;
            default -> throw new CommandLine.ParameterException(new CommandLine(new Buildkitd()),
                    "--oci-worker " + value + ": expected true, false or auto");
        };
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            BuildInfo info = BuildInfo.current();
            return new String[] {"buildkitd " + info.packageName() + " " + info.version() + " " + info.revision()};
        }
    }
}
