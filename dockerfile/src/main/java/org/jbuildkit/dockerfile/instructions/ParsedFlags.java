package org.jbuildkit.dockerfile.instructions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flags of one instruction after {@link InstructionFlags#parse}: every declared flag has its value or default;
 * {@code used} lists the flags written, in order (upstream's {@code FlagsUsed}).
 */
public record ParsedFlags(String instruction, Map<String, String> values, Map<String, List<String>> lists,
        List<String> used) {

    public ParsedFlags {
        values = Map.copyOf(values);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        lists.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        lists = Map.copyOf(copy);
        used = List.copyOf(used);
    }

    /** A string flag's value, or its default ("" for most) when not written. */
    public String string(String name) {
        String v = values.get(name);
        if (v == null) {
            throw undeclared(name);
        }
        return v;
    }

    public boolean bool(String name) {
        return string(name).equals("true");
    }

    /** A repeatable flag's values in the order written; empty when not written. */
    public List<String> strings(String name) {
        List<String> v = lists.get(name);
        if (v == null) {
            throw undeclared(name);
        }
        return v;
    }

    /** Whether the flag was written (a bool flag written {@code --link=false} is used). */
    public boolean isUsed(String name) {
        return used.contains(name);
    }

    private IllegalArgumentException undeclared(String name) {
        return new IllegalArgumentException(instruction + " declares no flag --" + name);
    }
}
