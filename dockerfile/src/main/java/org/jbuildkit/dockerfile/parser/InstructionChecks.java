package org.jbuildkit.dockerfile.parser;

import org.jbuildkit.dockerfile.Suggestions;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jbuildkit.dockerfile.DockerfileException;

/**
 * The checks upstream's {@code instructions.Parse} makes of a parsed node before anything is converted, so that a
 * Dockerfile with an unknown instruction or a nameless ENV fails at parse time naming its line.
 */
final class InstructionChecks {
    /** Upstream's {@code command.Commands}. */
    static final List<String> INSTRUCTIONS = List.of("add", "arg", "cmd", "copy", "entrypoint", "env", "expose",
            "from", "healthcheck", "label", "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume",
            "workdir");

    /** A word starting with {@code =}: a pair without a name. */
    private static final Pattern BLANK_NAME = Pattern.compile("\\s(=)");

    private final SourceErrors errors;

    InstructionChecks(SourceErrors errors) {
        this.errors = errors;
    }

    void check(List<Node> nodes) throws DockerfileException {
        for (Node node : nodes) {
            check(node);
        }
    }

    private void check(Node node) throws DockerfileException {
        String name = node.instruction();
        if (!INSTRUCTIONS.contains(name)) {
            // In the case the user wrote: RUNN → RUN, runn → run (upstream's parser does the same).
            boolean upper = node.keyword().equals(node.keyword().toUpperCase(Locale.ROOT));
            String fix = Suggestions.closestIgnoringCase(node.keyword(), INSTRUCTIONS)
                    .map(m -> "did you mean " + (upper ? m.toUpperCase(Locale.ROOT) : m.toLowerCase(Locale.ROOT)) + "?")
                    .orElse("");
            throw fail(node, "unknown instruction: " + node.keyword(), fix);
        }
        switch (name) {
            case "env", "label" -> checkPairs(node, name.toUpperCase(Locale.ROOT));
            case "arg" -> checkArg(node);
            case "onbuild" -> checkOnbuild(node);
            default -> {
            }
        }
    }

    private void checkPairs(Node node, String command) throws DockerfileException {
        if (node.args().isEmpty()) {
            throw fail(node, command + " requires at least one argument", "write " + command + " <name>=<value>");
        }
        for (int i = 0; i < node.args().size(); i += 2) {
            if (node.args().get(i).isEmpty()) {
                throw fail(node, BLANK_NAME, command + " names can not be blank",
                        "put a name before the =, as in " + command + " <name>=<value>");
            }
        }
    }

    private void checkArg(Node node) throws DockerfileException {
        if (node.args().isEmpty()) {
            throw fail(node, "ARG requires at least one argument", "write ARG <name> or ARG <name>=<default>");
        }
        for (String arg : node.args()) {
            if (arg.startsWith("=")) {
                throw fail(node, BLANK_NAME, "ARG names can not be blank",
                        "put a name before the =, as in ARG <name>=<default>");
            }
        }
    }

    private void checkOnbuild(Node node) throws DockerfileException {
        Node trigger = node.child();
        if (trigger == null) {
            throw fail(node, "ONBUILD requires at least one argument",
                    "give the instruction to run in builds based on this image, as in ONBUILD RUN <command>");
        }
        String name = trigger.instruction();
        if (name.equals("onbuild")) {
            throw fail(node, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", "use a single ONBUILD");
        }
        if (name.equals("from") || name.equals("maintainer")) {
            throw fail(node, name.toUpperCase(Locale.ROOT) + " isn't allowed as an ONBUILD trigger",
                    name.equals("from") ? "a build based on this image already has its FROM"
                            : "use ONBUILD LABEL maintainer=<name> instead");
        }
    }

    private DockerfileException fail(Node node, String what, String fix) {
        return errors.at(node.startLine(), -1, node.endLine(), what, fix);
    }

    /** Points at the word in the instruction's first line that matches {@code word}, else at the instruction. */
    private DockerfileException fail(Node node, Pattern word, String what, String fix) {
        Matcher m = word.matcher(errors.line(node.startLine()));
        return errors.at(node.startLine(), m.find() ? m.start(1) : -1, node.endLine(), what, fix);
    }
}
