package org.jbuildkit.daemon.cache;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jbuildkit.api.control.UsageRecord;

/**
 * One record filter in upstream's (containerd's) syntax: {@code field==value}, {@code field!=value},
 * {@code field~=regexp}, or a bare field meaning "is set". A filter string may hold several, comma
 * separated, that must all match. Fields: id, parents, description, inuse, mutable, shared, private, type.
 */
public record CacheFilter(String field, String operator, String value) {
    private static final Set<String> FIELDS = Set.of("id", "parent", "parents", "description", "inuse", "mutable",
            "shared", "private", "type");
    private static final Pattern CLAUSE = Pattern.compile("([a-zA-Z.]+)\\s*(==|!=|~=)?\\s*(.*)");

    /** Parses one {@code --filter} value; the message names the bad clause and the accepted fields. */
    public static List<CacheFilter> parse(String text) {
        String[] clauses = text.split(",");
        java.util.ArrayList<CacheFilter> filters = new java.util.ArrayList<>();
        for (String clause : clauses) {
            var m = CLAUSE.matcher(clause.trim());
            if (!m.matches() || !FIELDS.contains(m.group(1))) {
                throw new IllegalArgumentException("filter '" + clause.trim() + "' is not understood: use field==value,"
                        + " field!=value or field~=regexp with a field among " + String.join(", ", sorted()));
            }
            String op = m.group(2) == null ? "" : m.group(2);
            String value = unquote(m.group(3).trim());
            if (op.equals("~=")) {
                try {
                    Pattern.compile(value);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("filter '" + clause.trim() + "' has a bad regular expression: "
                            + e.getDescription());
                }
            }
            filters.add(new CacheFilter(m.group(1), op, value));
        }
        return List.copyOf(filters);
    }

    public boolean matches(UsageRecord record) {
        String actual = switch (field) {
            case "id" -> record.getID();
            case "parent", "parents" -> String.join(",", record.getParentsList());
            case "description" -> record.getDescription();
            case "inuse" -> Boolean.toString(record.getInUse());
            case "mutable" -> Boolean.toString(record.getMutable());
            case "shared" -> Boolean.toString(record.getShared());
            case "private" -> Boolean.toString(!record.getShared());
            default -> record.getRecordType();
        };
        return switch (operator) {
            case "==" -> actual.equals(value);
            case "!=" -> !actual.equals(value);
            case "~=" -> Pattern.compile(value).matcher(actual).find();
            default -> !actual.isEmpty() && !actual.equals("false");
        };
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static List<String> sorted() {
        return FIELDS.stream().sorted().toList();
    }
}
