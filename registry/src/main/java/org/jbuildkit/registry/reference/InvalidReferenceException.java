package org.jbuildkit.registry.reference;

/** A reference that does not follow Docker's grammar; the message points at the offending character. */
public final class InvalidReferenceException extends IllegalArgumentException {
    private final int position;

    InvalidReferenceException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** Zero-based index of the offending character in the input. */
    public int position() {
        return position;
    }
}
