package org.jbuildkit.dockerfile.convert;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code # syntax=} directive: the official {@code docker/dockerfile} images (any tag, with or without digest,
 * also {@code -upstream}) are served by the built-in frontend with a note; any other image is refused, since
 * external frontends are not supported yet.
 */
final class SyntaxDirective {

    private static final Pattern OFFICIAL = Pattern.compile(
            "^(?:(?:docker\\.io/)?docker/dockerfile(?:-upstream)?)(?::[\\w][\\w.-]*)?(?:@sha256:[0-9a-f]{64})?$");

    private SyntaxDirective() {
    }

    /** The note for the progress stream, or empty when there is no directive. */
    static Optional<String> check(String syntax) throws UnsupportedSyntaxException {
        String s = syntax == null ? "" : syntax.trim();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (OFFICIAL.matcher(s).matches()) {
            return Optional.of("# syntax=" + s + " is served by jbuildkit's built-in Dockerfile frontend; "
                    + "no image is pulled");
        }
        throw new UnsupportedSyntaxException("# syntax=" + s + " names an external frontend image, and external "
                + "frontends are not supported yet: remove the # syntax line or use # syntax=docker/dockerfile:1");
    }

    /** A syntax directive naming a frontend this build cannot run. */
    static final class UnsupportedSyntaxException extends Exception {
        UnsupportedSyntaxException(String message) {
            super(message);
        }
    }
}
