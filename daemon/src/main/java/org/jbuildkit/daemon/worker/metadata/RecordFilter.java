package org.jbuildkit.daemon.worker.metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * {@code du}/{@code prune}/GC filters in upstream's (containerd's) syntax, over {@link UsageRow}s:
 * separate filter strings are OR'ed; clauses within one string ({@code a==b,c!=d}) are AND'ed — except
 * several {@code type==} clauses in one string, which mean any of those types. Strict AND could never
 * match there (a record has one type), and upstream's long-standing default GC policy
 * {@code "type==source.local,type==exec.cachemount,type==source.git.checkout"} is meant that way
 * (upstream b69e279bc splits it into three strings for the same effect).
 * Fields as upstream's adaptUsageInfo: id, parents, description, type, and the flags inuse, mutable,
 * immutable, shared, private; a bare field tests presence (for a flag: that it is set).
 * {@code flag==true|false} is also accepted.
 */
public final class RecordFilter {
    private static final Set<String> FIELDS = Set.of("id", "parents", "description", "type", "inuse", "mutable",
            "immutable", "shared", "private");
    private static final Set<String> FLAGS = Set.of("inuse", "mutable", "immutable", "shared", "private");
    private static final Pattern CLAUSE = Pattern.compile("([A-Za-z][A-Za-z0-9_]*)\\s*(?:(==|!=|~=)\\s*(.*))?",
            Pattern.DOTALL);
    private static final RecordFilter ALL = new RecordFilter(List.of());

    private record Selector(String field, String operator, String value, Pattern regex) {
        boolean matches(UsageRow row) {
            boolean present;
            String actual;
            switch (field) {
                case "id" -> {
                    actual = row.id().value();
                    present = true;
                }
                case "parents" -> {
                    actual = row.parents().stream().map(RecordId::value).collect(Collectors.joining(";"));
                    present = !row.parents().isEmpty();
                }
                case "description" -> {
                    actual = row.description();
                    present = !actual.isEmpty();
                }
                case "type" -> {
                    actual = row.type().value();
                    present = true;
                }
                default -> {
                    actual = "";
                    present = flag(row);
                }
            }
            if (FLAGS.contains(field) && (value.equals("true") || value.equals("false"))) {
                boolean wanted = Boolean.parseBoolean(value);
                return operator.equals("==") ? present == wanted : operator.equals("!=") && present != wanted;
            }
            return switch (operator) {
                case "" -> present;
                case "==" -> present && actual.equals(value);
                case "!=" -> !actual.equals(value);
                default -> present && regex.matcher(actual).find();
            };
        }

        private boolean flag(UsageRow row) {
            return switch (field) {
                case "inuse" -> row.inUse();
                case "mutable" -> row.mutable();
                case "immutable" -> !row.mutable();
                case "shared" -> row.shared();
                default -> !row.shared();
            };
        }
    }

    /** One filter string: every selector, and one of the {@code type==} alternatives if any. */
    private record Conjunction(List<Selector> all, List<Selector> anyType) {
        boolean matches(UsageRow row) {
            return all.stream().allMatch(s -> s.matches(row))
                    && (anyType.isEmpty() || anyType.stream().anyMatch(s -> s.matches(row)));
        }
    }

    private final List<Conjunction> any;

    private RecordFilter(List<Conjunction> any) {
        this.any = List.copyOf(any);
    }

    /** Matches every record. */
    public static RecordFilter all() {
        return ALL;
    }

    /** Parses filter strings (OR'ed); none, or an empty string, matches everything. */
    public static RecordFilter parse(List<String> filters) {
        List<Conjunction> conjunctions = new ArrayList<>();
        for (String filter : filters) {
            if (filter.isBlank()) {
                return ALL;
            }
            List<Selector> all = new ArrayList<>();
            List<Selector> anyType = new ArrayList<>();
            for (String clause : splitClauses(filter)) {
                Selector selector = selector(clause.trim(), filter);
                (selector.field().equals("type") && selector.operator().equals("==") ? anyType : all).add(selector);
            }
            conjunctions.add(new Conjunction(List.copyOf(all), List.copyOf(anyType)));
        }
        return new RecordFilter(conjunctions);
    }

    public static RecordFilter parse(String... filters) {
        return parse(List.of(filters));
    }

    public boolean matches(UsageRow row) {
        return any.isEmpty() || any.stream().anyMatch(c -> c.matches(row));
    }

    private static Selector selector(String clause, String filter) {
        Matcher m = CLAUSE.matcher(clause);
        if (!m.matches() || !FIELDS.contains(m.group(1))) {
            throw new IllegalArgumentException("filter '" + filter + "': '" + clause + "' is not understood\n"
                    + "fix: use field==value, field!=value, field~=regexp or a bare field, with a field among "
                    + String.join(", ", new TreeSet<>(FIELDS)));
        }
        String operator = m.group(2) == null ? "" : m.group(2);
        String value = m.group(3) == null ? "" : unquote(m.group(3).trim());
        Pattern regex = null;
        if (operator.equals("~=")) {
            try {
                regex = Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("filter '" + filter + "': bad regular expression in '" + clause
                        + "': " + e.getDescription() + "\nfix: quote the value if it holds a comma", e);
            }
        }
        return new Selector(m.group(1), operator, value, regex);
    }

    /** Splits on commas outside double quotes. */
    private static List<String> splitClauses(String filter) {
        List<String> clauses = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < filter.length(); i++) {
            char c = filter.charAt(i);
            if (c == '\\' && quoted && i + 1 < filter.length()) {
                current.append(c).append(filter.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                clauses.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        clauses.add(current.toString());
        return clauses;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return value;
    }
}
