package org.jbuildkit.daemon.solver;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Says in one line why a step missed the cache, from its last run under the same name: the first
 * thing whose key differs — a part of the op (the command, an env variable by name, a mount, the
 * image digest…), the number of inputs, or an input (named, with the reason it changed when known).
 * Values are never printed, only names, except parts marked as safe to show (digests).
 */
final class CacheMissExplainer {
    private static final int MAX_NAME = 60;
    private static final Pattern LONG_DIGEST = Pattern.compile("(sha256:[0-9a-f]{12})[0-9a-f]{52}");

    /** One input of the step now: its vertex name, and why it missed (null if it was cached or unknown). */
    record Input(String name, MissCause cause) {
    }

    /** The line to show, and the cause the step's readers inherit. */
    record Explanation(String text, MissCause root) {
    }

    private final ContentDiff contentDiff;

    CacheMissExplainer(ContentDiff contentDiff) {
        this.contentDiff = contentDiff;
    }

    Explanation explain(String name, StepRun before, StepRun now, List<Input> inputs) {
        if (before.key().equals(now.key())) {
            return own(name, "it ran before exactly like this, but its cached result has been pruned since");
        }
        if (!before.opDigest().equals(now.opDigest())) {
            return own(name, partChange(before.parts(), now.parts()).orElse("its definition changed"));
        }
        if (before.inputs().size() != now.inputs().size()) {
            return own(name, "its inputs changed (" + before.inputs().size() + " → " + now.inputs().size() + ")");
        }
        for (int i = 0; i < now.inputs().size(); i++) {
            String was = before.inputs().get(i);
            String is = now.inputs().get(i);
            if (was.equals(is)) {
                continue;
            }
            Input input = i < inputs.size() ? inputs.get(i) : new Input("input " + i, null);
            if (was.startsWith("content:") && is.startsWith("content:")) {
                String reason = contentDiff.firstChangedPath(was.substring(8), is.substring(8))
                        .map(path -> "a file's content or mode changed: " + path)
                        .orElse("a file's content or mode changed in input `" + shorten(input.name()) + "`");
                return own(name, reason);
            }
            return new Explanation(inputText(input),
                    input.cause() != null ? input.cause() : new MissCause(input.name(), null));
        }
        return own(name, "its cache key changed");
    }

    private static Explanation own(String name, String reason) {
        return new Explanation(reason, new MissCause(name, reason));
    }

    /** The first part that was added, changed or removed, in the order the op lists them. */
    private static Optional<String> partChange(List<CachePart> before, List<CachePart> now) {
        Map<String, CachePart> old = new LinkedHashMap<>();
        before.forEach(p -> old.put(p.id(), p));
        Set<String> present = new HashSet<>();
        for (CachePart part : now) {
            present.add(part.id());
            CachePart was = old.get(part.id());
            if (was == null) {
                return Optional.of(part.label() + " was added");
            }
            if (!was.fingerprint().equals(part.fingerprint())) {
                String values = was.shown() != null && part.shown() != null
                        ? ": " + shortDigests(was.shown()) + " → " + shortDigests(part.shown()) : "";
                return Optional.of(part.label() + " changed" + values);
            }
        }
        return before.stream().filter(p -> !present.contains(p.id())).findFirst().map(p -> p.label() + " was removed");
    }

    private static String inputText(Input input) {
        String text = "input `" + shorten(input.name()) + "` changed";
        MissCause cause = input.cause();
        if (cause == null) {
            return text;
        }
        String why = cause.reason() == null ? "" : ": " + cause.reason();
        return cause.step().equals(input.name()) ? text + why
                : text + ", because `" + shorten(cause.step()) + "` changed" + why;
    }

    static String shorten(String name) {
        return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME - 1) + "…";
    }

    /** A shown value as a reason prints it: digests shortened, an empty value as "(none)". */
    static String shortDigests(String value) {
        return value.isEmpty() ? "(none)" : LONG_DIGEST.matcher(value).replaceAll("$1");
    }
}
