package org.jbuildkit.daemon.config;

import java.nio.file.Path;

/** Where a configuration value came from: a default, a line of the config file, or a flag. */
public sealed interface ValueSource {

    /** Short human form for comments and reports: "default", "buildkitd.toml:3", "flag --root". */
    String describe();

    /** Built-in default; {@code note} says how it was derived, when that is not obvious. */
    record Default(String note) implements ValueSource {

        public static final Default PLAIN = new Default("");

        @Override
        public String describe() {
            return note.isEmpty() ? "default" : "default: " + note;
        }
    }

    /** A key in the config file (1-based line and column of the key). */
    record File(Path file, int line, int column) implements ValueSource {

        @Override
        public String describe() {
            Path name = file.getFileName();
            return (name == null ? file : name) + ":" + line;
        }
    }

    /** A command-line flag, e.g. {@code --root}. */
    record Flag(String flag) implements ValueSource {

        @Override
        public String describe() {
            return "flag " + flag;
        }
    }
}
