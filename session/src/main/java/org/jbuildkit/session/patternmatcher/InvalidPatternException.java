package org.jbuildkit.session.patternmatcher;

/** A pattern that is not valid {@code .dockerignore} / filepath.Match syntax, naming the pattern and the problem. */
public final class InvalidPatternException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidPatternException(String message) {
        super(message);
    }
}
