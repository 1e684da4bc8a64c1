package org.jbuildkit.registry.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A token scope for one repository: {@code repository:library/busybox:pull,push}. A request may
 * need several (a cross-repository mount pulls from one and pushes to another).
 */
public record Scope(String repository, List<String> actions) {

    public static final String PULL = "pull";
    public static final String PUSH = "push";

    public Scope {
        Objects.requireNonNull(repository, "repository");
        if (repository.isEmpty() || repository.contains(" ")) {
            throw new IllegalArgumentException("not a repository name for a token scope: \"" + repository + "\"");
        }
        actions = List.copyOf(new LinkedHashSet<>(actions));
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("a scope for " + repository + " needs at least one action");
        }
        for (String action : actions) {
            if (action.isEmpty() || action.contains(",") || action.contains(" ") || action.contains(":")) {
                throw new IllegalArgumentException("not a scope action: \"" + action + "\"");
            }
        }
    }

    public static Scope pull(String repository) {
        return new Scope(repository, List.of(PULL));
    }

    /** Push with pull, as Docker and containerd ask: a push first checks what the repository has. */
    public static Scope push(String repository) {
        return new Scope(repository, List.of(PULL, PUSH));
    }

    /**
     * Parses {@code repository:NAME:ACTIONS}; the name may itself hold colons (a {@code host:port/}
     * prefix is not part of a name, but some registries use them), so the actions follow the last one.
     */
    public static Scope parse(String text) {
        if (!text.startsWith("repository:")) {
            throw new IllegalArgumentException("not a repository scope: \"" + text + "\"");
        }
        String rest = text.substring("repository:".length());
        int colon = rest.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a scope needs repository:NAME:ACTIONS, got \"" + text + "\"");
        }
        return new Scope(rest.substring(0, colon), List.of(rest.substring(colon + 1).split(",", -1)));
    }

    /**
     * Parses the space-separated scopes of a challenge's {@code scope} parameter; scopes of
     * other resource types (e.g. {@code registry:catalog:*}) are not modelled and are skipped.
     */
    public static List<Scope> parseAll(String spaceSeparated) {
        var scopes = new ArrayList<Scope>();
        for (String part : spaceSeparated.trim().split("\\s+")) {
            if (part.startsWith("repository:")) {
                try {
                    scopes.add(parse(part));
                } catch (IllegalArgumentException e) {
                    // A scope we cannot read is the server's business; asking without it only narrows the token.
                }
            }
        }
        return scopes;
    }

    /** Merges scopes of the same repository (union of actions) and sorts them, for stable cache keys and URLs. */
    public static List<Scope> normalize(List<Scope> scopes) {
        Map<String, Set<String>> byRepository = new LinkedHashMap<>();
        for (Scope scope : scopes) {
            byRepository.computeIfAbsent(scope.repository, r -> new LinkedHashSet<>()).addAll(scope.actions);
        }
        return byRepository.entrySet().stream()
                .map(entry -> new Scope(entry.getKey(), entry.getValue().stream().sorted().toList()))
                .sorted((a, b) -> a.repository.compareTo(b.repository))
                .toList();
    }

    /** {@code repository:NAME:a,b}. */
    public String render() {
        return "repository:" + repository + ":" + String.join(",", actions);
    }

    /** Scopes as a message reads them: {@code repository:a:pull, repository:b:pull,push}. */
    static String describe(List<Scope> scopes) {
        if (scopes.isEmpty()) {
            return "(no scope)";
        }
        return String.join(" ", scopes.stream().map(Scope::render).toList());
    }

    @Override
    public String toString() {
        return render();
    }
}
