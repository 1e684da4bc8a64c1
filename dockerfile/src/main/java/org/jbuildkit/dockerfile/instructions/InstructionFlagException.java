package org.jbuildkit.dockerfile.instructions;

/**
 * A flag or option of an instruction that cannot be used as written. The message starts with upstream's wording
 * (so users can search for it) and, where one exists, adds the fix. It never includes a secret's value: secret
 * mounts only carry ids and paths.
 */
public class InstructionFlagException extends Exception {

    public InstructionFlagException(String message) {
        super(message);
    }

    public InstructionFlagException(String message, Throwable cause) {
        super(message, cause);
    }
}
