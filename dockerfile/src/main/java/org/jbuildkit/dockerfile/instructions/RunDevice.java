package org.jbuildkit.dockerfile.instructions;

import org.jbuildkit.dockerfile.Suggestions;

import java.util.List;
import java.util.Locale;

/**
 * One RUN {@code --device=} (a CDI device), as upstream's {@code ParseDevice}: CSV fields, the first one that is
 * not {@code required[=bool]} or {@code name=} being the device name ({@code vendor.com/class=name} keeps its
 * {@code =}). Upstream accepts the flag only in its labs frontend (1.14.0-labs+): refusing it otherwise is the
 * converter's decision.
 */
public record RunDevice(String name, boolean required) {

    public static RunDevice parse(String value) throws InstructionFlagException {
        List<String> fields;
        try {
            fields = GoCsv.fields(value);
        } catch (GoCsv.CsvException e) {
            throw new InstructionFlagException("failed to parse csv devices: " + e.getMessage()
                    + " (quote a whole field and double any quote inside it)", e);
        }
        String name = "";
        boolean required = false;
        for (String field : fields) {
            int eq = field.indexOf('=');
            String key = (eq >= 0 ? field.substring(0, eq) : field).toLowerCase(Locale.ROOT);
            if (eq < 0) {
                if (key.equals("required")) {
                    required = true;
                } else if (name.isEmpty()) {
                    name = field;
                } else {
                    throw new InstructionFlagException("invalid field '" + field + "' must be a key=value pair"
                            + " (the device is already named " + name + ")");
                }
                continue;
            }
            String v = field.substring(eq + 1);
            switch (key) {
                case "name" -> {
                    if (!name.isEmpty()) {
                        throw new InstructionFlagException("device name already set to " + name
                                + " (give one name per --device)");
                    }
                    name = v;
                }
                case "required" -> {
                    try {
                        required = GoStrconv.parseBool(v);
                    } catch (NumberFormatException e) {
                        throw new InstructionFlagException("invalid value for " + key + ": " + v
                                + " (use true or false)");
                    }
                }
                default -> {
                    if (!name.isEmpty()) {
                        String message = "unexpected key '" + key + "' in '" + field + "'";
                        throw new InstructionFlagException(Suggestions.closest(key, List.of("name", "required"))
                                .map(s -> message + " (did you mean " + s + "?)")
                                .orElse(message + " (keys are name, required)"));
                    }
                    name = field;
                }
            }
        }
        return new RunDevice(name, required);
    }
}
