package org.jbuildkit.daemon.config;

import java.util.List;

/**
 * The configuration the daemon runs with, and how it came about.
 *
 * @param config every value, final
 * @param warnings problems in the config file that did not stop it from loading, to be logged
 * @param configFile which file was read, or the default path where none was found
 * @param provenance where each value came from
 */
public record EffectiveConfig(
        BuildkitdConfig config,
        List<ConfigWarning> warnings,
        ConfigFileSource configFile,
        Provenance provenance) {

    public EffectiveConfig {
        warnings = List.copyOf(warnings);
    }

    /** The configuration as TOML, each value followed by a comment naming its source. */
    public String printConfig() {
        return new ConfigPrinter(this).print();
    }

    /** Lines the daemon logs at start: the config file used, flags applied, what each registry section does. */
    public List<String> startupReport() {
        return StartupReport.lines(this);
    }
}
