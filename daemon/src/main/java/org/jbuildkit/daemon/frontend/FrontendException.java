package org.jbuildkit.daemon.frontend;

import java.util.Optional;
import org.jbuildkit.api.errdefs.Source;

/**
 * A frontend could not make a definition from what the user gave it: the message names the problem and the fix;
 * the source, when there is one, points at the lines of the file it came from (upstream's {@code errdefs.Source}),
 * so clients print the excerpt.
 */
public final class FrontendException extends Exception {
    private final transient Source source;

    public FrontendException(String message) {
        this(message, null, null);
    }

    public FrontendException(String message, Source source, Throwable cause) {
        super(message, cause);
        this.source = source;
    }

    public Optional<Source> source() {
        return Optional.ofNullable(source);
    }
}
