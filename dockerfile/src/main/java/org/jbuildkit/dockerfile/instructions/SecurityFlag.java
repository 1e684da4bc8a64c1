package org.jbuildkit.dockerfile.instructions;

/**
 * RUN's {@code --security}, as upstream's {@code commands_runsecurity.go}: {@code sandbox} (the default) or
 * {@code insecure}, matched as written. Whether insecure is allowed (the {@code security.insecure} entitlement) is
 * the daemon's decision, not the parser's.
 */
public enum SecurityFlag {
    SANDBOX("sandbox"), INSECURE("insecure");

    private final String value;

    SecurityFlag(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static SecurityFlag parse(String value) throws InstructionFlagException {
        for (SecurityFlag s : values()) {
            if (s.value.equals(value)) {
                return s;
            }
        }
        throw new InstructionFlagException("security " + GoQuote.quote(value)
                + " is not valid (use --security=sandbox or --security=insecure)");
    }
}
