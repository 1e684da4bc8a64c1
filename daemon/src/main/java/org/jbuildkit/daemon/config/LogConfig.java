package org.jbuildkit.daemon.config;

import java.util.Locale;
import java.util.Optional;

/** {@code [log]}: how the daemon writes its own log. */
public record LogConfig(Format format, Level level) {

    /** {@code format = "text" | "json"}. */
    public enum Format {
        TEXT,
        JSON;

        public static Optional<Format> parse(String text) {
            return switch (text) {
                case "text" -> Optional.of(TEXT);
                case "json" -> Optional.of(JSON);
                default -> Optional.empty();
            };
        }

        public String tomlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code level}, with upstream's (logrus) names; "warning" is accepted for WARN. */
    public enum Level {
        PANIC,
        FATAL,
        ERROR,
        WARN,
        INFO,
        DEBUG,
        TRACE;

        public static Optional<Level> parse(String text) {
            String name = text.toLowerCase(Locale.ROOT);
            if (name.equals("warning")) {
                return Optional.of(WARN);
            }
            for (Level level : values()) {
                if (level.tomlName().equals(name)) {
                    return Optional.of(level);
                }
            }
            return Optional.empty();
        }

        public String tomlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
