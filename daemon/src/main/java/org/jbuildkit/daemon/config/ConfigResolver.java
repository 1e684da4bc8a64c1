package org.jbuildkit.daemon.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's configuration entry point: defaults, then the config file, then flags — each
 * value remembering where it came from.
 */
public final class ConfigResolver {

    private ConfigResolver() {
    }

    /**
     * Resolves the effective configuration.
     *
     * @throws ConfigException if {@code --config} names a missing file, the file is not valid
     *     TOML, a value has the wrong type or is out of range, or a flag value is invalid
     */
    public static EffectiveConfig resolve(DaemonFlags flags, ConfigEnvironment env) {
        BuildkitdConfig defaults = ConfigDefaults.config(env);
        ConfigFileSource source;
        BuildkitdConfig fromFile;
        List<ConfigWarning> warnings = List.of();
        Map<String, ValueSource> sources = new LinkedHashMap<>();
        Path path = flags.config() != null ? flags.config() : ConfigDefaults.configPath(env);
        boolean fromFlag = flags.config() != null;
        if (fromFlag && !Files.exists(path)) {
            throw new ConfigException("config file " + path + " (from --config) does not exist",
                    "create it, correct the path, or leave out --config to use " + ConfigDefaults.configPath(env));
        }
        if (Files.isDirectory(path)) {
            throw new ConfigException("config file " + path + (fromFlag ? " (from --config)" : "") + " is a directory",
                    "point --config at the buildkitd.toml file inside it");
        }
        if (Files.exists(path)) {
            ConfigFileParser.Result parsed = ConfigFileParser.parse(path, defaults);
            fromFile = parsed.config();
            warnings = parsed.warnings();
            sources.putAll(parsed.sources());
            source = new ConfigFileSource(path, fromFlag, true);
        } else {
            fromFile = defaults;
            source = new ConfigFileSource(path, false, false);
        }
        BuildkitdConfig config = FlagOverrides.apply(fromFile, flags, env, sources);
        config = config.withRoot(config.root().toAbsolutePath().normalize());
        config = withGcDefaults(config, env.diskStats().stat(config.root()), sources);
        return new EffectiveConfig(config, warnings, source, new Provenance(sources));
    }

    /** Fills unset GC limits from the disk and, without configured rules, upstream's default rules. */
    private static BuildkitdConfig withGcDefaults(BuildkitdConfig config, DiskStat disk, Map<String, ValueSource> sources) {
        WorkersConfig workers = config.workers();
        GcConfig oci = gcDefaults(workers.oci().gc(), "worker.oci", config.root(), disk, sources);
        GcConfig containerd = gcDefaults(workers.containerd().gc(), "worker.containerd", config.root(), disk, sources);
        return config.withWorkers(new WorkersConfig(workers.oci().withGc(oci), workers.containerd().withGc(containerd)));
    }

    private static GcConfig gcDefaults(GcConfig gc, String worker, Path root, DiskStat disk,
            Map<String, ValueSource> sources) {
        GcConfig out = gc;
        if (out.limitsUnset()) {
            out = GcDefaults.detectLimits(out, disk);
            String note = disk.total() == 0
                    ? "size of the disk under " + root + " unknown, percentages count as 2GB"
                    : "from the " + DiskSpace.humanSize(disk.total()) + " disk under " + root;
            for (String key : List.of("reservedSpace", "maxUsedSpace", "minFreeSpace")) {
                sources.put(worker + "." + key, new ValueSource.Default(note));
            }
        }
        if (out.policies().isEmpty()) {
            out = new GcConfig(out.enabled(), out.reservedSpace(), out.maxUsedSpace(), out.minFreeSpace(),
                    GcDefaults.policies(out));
            sources.put(worker + ".gcpolicy", new ValueSource.Default("upstream's 4 rules, from the worker's limits"));
        }
        return out;
    }
}
