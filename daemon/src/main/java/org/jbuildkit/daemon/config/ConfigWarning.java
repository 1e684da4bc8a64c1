package org.jbuildkit.daemon.config;

import java.nio.file.Path;

/**
 * Something in the config file that does not stop the daemon but probably does not do what its
 * author meant: an unknown key, a deprecated one, a registry section that can never apply.
 *
 * @param key the TOML path concerned, e.g. {@code registry."local-repository"}
 */
public record ConfigWarning(Path file, int line, String key, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
