package org.jbuildkit.dockerfile.instructions;

/**
 * COPY/ADD {@code --chmod}, after expansion, checked as upstream's {@code dispatchCopy}: an octal mode up to
 * {@code 07777} ({@code 755}, {@code 0644}), or, newer upstream (Dockerfile 1.14+), a symbolic mode as chmod(1)
 * writes it ({@code u+x}, {@code a=rX,u+w}, {@code g=u}) that the daemon applies to each copied file
 * (the LLB {@code FileActionCopy.modeStr}).
 */
public sealed interface Chmod permits Chmod.Octal, Chmod.Symbolic {

    /** A numeric mode, 0 to 07777. */
    record Octal(int mode) implements Chmod {
    }

    /** A symbolic mode, syntax already checked. */
    record Symbolic(String spec) implements Chmod {
    }

    static Chmod parse(String value) throws InstructionFlagException {
        if (!value.isEmpty() && value.charAt(0) >= '0' && value.charAt(0) <= '9') {
            try {
                long mode = GoStrconv.parseUint(value, 8, 32);
                if (mode <= 07777) {
                    return new Octal((int) mode);
                }
            } catch (NumberFormatException e) {
                // falls through to the same message as upstream, which reports any numeric-looking value this way
            }
            throw new InstructionFlagException("invalid chmod parameter: '" + value
                    + "'. it should be octal string and between 0 and 07777");
        }
        if (!SymbolicMode.isValid(value)) {
            throw new InstructionFlagException("invalid chmod parameter: '" + value + "': invalid syntax (use an"
                    + " octal mode such as 0755 or a symbolic one such as u+x or a=rX,u+w)");
        }
        return new Symbolic(value);
    }
}
