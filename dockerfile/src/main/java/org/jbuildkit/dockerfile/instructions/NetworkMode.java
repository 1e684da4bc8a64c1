package org.jbuildkit.dockerfile.instructions;

import java.util.Arrays;
import java.util.stream.Collectors;

/** RUN's {@code --network}, as upstream's {@code commands_runnetwork.go}; the value is matched as written (no case folding). */
public enum NetworkMode {
    DEFAULT("default"), NONE("none"), HOST("host");

    private final String value;

    NetworkMode(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static NetworkMode parse(String value) throws InstructionFlagException {
        for (NetworkMode m : values()) {
            if (m.value.equals(value)) {
                return m;
            }
        }
        throw new InstructionFlagException("invalid network mode " + GoQuote.quote(value) + " (use --network="
                + Arrays.stream(values()).map(NetworkMode::value).collect(Collectors.joining(", --network=")) + ")");
    }
}
