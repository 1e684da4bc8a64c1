package org.jbuildkit.daemon.config;

import java.nio.file.Path;

/**
 * Which config file the daemon looked at: the one named by {@code --config}, or the default
 * path, and whether it existed (only the default path may be missing).
 */
public record ConfigFileSource(Path path, boolean fromFlag, boolean read) {

    /** One line for the daemon's start-up log. */
    public String describe() {
        if (!read) {
            return "no config file at " + path + " (the default path); using defaults";
        }
        return "config file " + path + (fromFlag ? " (from --config)" : " (the default path)");
    }
}
