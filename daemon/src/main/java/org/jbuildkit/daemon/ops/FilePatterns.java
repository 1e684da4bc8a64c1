package org.jbuildkit.daemon.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Docker's path patterns: {@code *}, {@code ?} and {@code [...]} within one name, {@code **} across
 * names, a leading {@code !} re-including what an earlier exclude dropped, and a pattern that
 * matches a directory covering everything below it. Also wildcard sources ({@code /src/*.txt}).
 */
final class FilePatterns {
    private final List<Rule> rules;

    private record Rule(Pattern regex, boolean negated, String text) {
    }

    private FilePatterns(List<Rule> rules) {
        this.rules = rules;
    }

    static FilePatterns compile(List<String> patterns) throws FileOpException {
        List<Rule> rules = new ArrayList<>();
        for (String raw : patterns) {
            String text = raw.trim();
            boolean negated = text.startsWith("!");
            if (negated) {
                text = text.substring(1).trim();
            }
            String cleaned = String.join("/", FileRootPaths.clean(FileRootPaths.components(text)));
            if (cleaned.isEmpty()) {
                continue;
            }
            try {
                rules.add(new Rule(Pattern.compile(regex(cleaned, raw)), negated, text));
            } catch (IllegalArgumentException e) {
                throw new FileOpException(e.getMessage(), "close the bracket or escape it as \\[");
            }
        }
        return new FilePatterns(rules);
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Whether {@code rel} (slash-separated, no leading slash) or one of its parents is matched, last rule winning. */
    boolean matches(String rel) {
        boolean matched = false;
        for (Rule rule : rules) {
            if (rule.negated() == matched && matchesSelfOrParent(rule.regex(), rel)) {
                matched = !rule.negated();
            }
        }
        return matched;
    }

    /** Whether some path below directory {@code rel} could still match a rule (so it must be walked). */
    boolean mayMatchBelow(String rel) {
        for (Rule rule : rules) {
            if (rule.negated()) {
                continue;
            }
            String text = String.join("/", FileRootPaths.components(rule.text()));
            if (text.contains("**")) {
                return true;
            }
            List<String> parts = FileRootPaths.components(text);
            List<String> dir = FileRootPaths.components(rel);
            if (parts.size() <= dir.size()) {
                continue;
            }
            boolean prefix = true;
            for (int i = 0; i < dir.size() && prefix; i++) {
                prefix = Pattern.matches(regex(parts.get(i), rule.text()), dir.get(i));
            }
            if (prefix) {
                return true;
            }
        }
        return false;
    }

    boolean hasNegations() {
        return rules.stream().anyMatch(Rule::negated);
    }

    private static boolean matchesSelfOrParent(Pattern regex, String rel) {
        String p = rel;
        while (true) {
            if (regex.matcher(p).matches()) {
                return true;
            }
            int slash = p.lastIndexOf('/');
            if (slash < 0) {
                return false;
            }
            p = p.substring(0, slash);
        }
    }

    /** Expands wildcards in each name of {@code path} against the tree, in directory order; no escapes. */
    static List<String> expand(Path root, String path) throws IOException {
        List<String> matches = List.of("");
        List<String> parts = FileRootPaths.clean(FileRootPaths.components(path));
        for (String part : parts) {
            List<String> next = new ArrayList<>();
            for (String base : matches) {
                if (!hasWildcard(part)) {
                    if (FileRootPaths.exists(FileRootPaths.resolve(root, base + "/" + part, false))) {
                        next.add(base + "/" + part);
                    }
                    continue;
                }
                Path dir = FileRootPaths.resolve(root, base.isEmpty() ? "/" : base, true);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                Pattern name = Pattern.compile(regex(part, path));
                try (Stream<Path> entries = Files.list(dir)) {
                    entries.map(e -> e.getFileName().toString()).sorted().filter(n -> name.matcher(n).matches())
                            .forEach(n -> next.add(base + "/" + n));
                }
            }
            matches = next;
        }
        return parts.isEmpty() ? List.of("/") : matches;
    }

    static boolean hasWildcard(String text) {
        return text.contains("*") || text.contains("?") || text.contains("[");
    }

    private static String regex(String pattern, String original) throws IllegalArgumentException {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                        i++;
                        if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '/') {
                            i++;
                            out.append("(?:.*/)?");
                        } else {
                            out.append(".*");
                        }
                    } else {
                        out.append("[^/]*");
                    }
                }
                case '?' -> out.append("[^/]");
                case '[' -> {
                    int end = pattern.indexOf(']', i + 2);
                    if (end < 0) {
                        throw new IllegalArgumentException("bad pattern " + original + ": unclosed [");
                    }
                    String set = pattern.substring(i + 1, end);
                    if (set.startsWith("!") || set.startsWith("^")) {
                        set = "^" + set.substring(1);
                    }
                    out.append('[').append(set.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                    i = end;
                }
                case '\\' -> {
                    if (i + 1 < pattern.length()) {
                        out.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                    }
                }
                default -> out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return out.toString();
    }
}
