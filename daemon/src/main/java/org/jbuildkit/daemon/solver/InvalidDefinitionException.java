package org.jbuildkit.daemon.solver;

/** A pb.Definition that cannot be built: unparsable ops, dangling inputs, no head. */
public final class InvalidDefinitionException extends RuntimeException {
    public InvalidDefinitionException(String message) {
        super(message);
    }

    public InvalidDefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
