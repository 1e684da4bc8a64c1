package org.jbuildkit.daemon.exporter.image;

/** Go's {@code strconv.ParseBool}, which upstream reads boolean attributes with. */
public final class GoBool {
    private GoBool() {
    }

    /** The value, or null when Go would refuse it. */
    public static Boolean parse(String value) {
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
            case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
            default -> null;
        };
    }
}
