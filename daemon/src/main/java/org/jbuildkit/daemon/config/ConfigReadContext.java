package org.jbuildkit.daemon.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.TomlPosition;

/** What reading one config file collects besides the values: warnings and where each value sits. */
final class ConfigReadContext {

    private final Path file;
    private final List<ConfigWarning> warnings = new ArrayList<>();
    private final Map<String, ValueSource> sources = new LinkedHashMap<>();

    ConfigReadContext(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    List<ConfigWarning> warnings() {
        return warnings;
    }

    Map<String, ValueSource> sources() {
        return sources;
    }

    void record(String key, TomlPosition position) {
        sources.put(key, new ValueSource.File(file, position.line(), position.column()));
    }

    /** Attributes {@code key} to the line that set {@code fromKey} (deprecated spellings, derived values). */
    void recordSameAs(String key, String fromKey) {
        ValueSource source = sources.get(fromKey);
        if (source != null) {
            sources.put(key, source);
        }
    }

    void warn(TomlPosition position, String key, String message) {
        warnings.add(new ConfigWarning(file, position.line(), key, message));
    }

    ConfigException error(TomlPosition position, String key, String problem, String fix) {
        String where = file + ":" + position.line() + ":" + position.column() + ": ";
        return new ConfigException(where + (key.isEmpty() ? "" : key + ": ") + problem, fix);
    }
}
