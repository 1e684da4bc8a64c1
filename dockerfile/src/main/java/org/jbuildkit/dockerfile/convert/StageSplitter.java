package org.jbuildkit.dockerfile.convert;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jbuildkit.dockerfile.instructions.InstructionFlagException;
import org.jbuildkit.dockerfile.instructions.InstructionFlags;
import org.jbuildkit.dockerfile.instructions.ParsedFlags;
import org.jbuildkit.dockerfile.parser.Node;

/**
 * Splits the parsed instructions into the global {@code ARG}s before the first {@code FROM} and the stages
 * (upstream's {@code instructions.Parse}), checking stage names on the way.
 */
final class StageSplitter {

    private static final Set<String> RESERVED = Set.of("scratch", "context");

    /** The global ARG instructions and the stages, in order. */
    record Split(List<Node> metaArgs, List<StageDefinition> stages) {
    }

    private StageSplitter() {
    }

    static Split split(List<Node> nodes, BuildChecks checks, ErrorFactory errors) throws
            org.jbuildkit.dockerfile.DockerfileException {
        List<Node> metaArgs = new ArrayList<>();
        List<StageDefinition> stages = new ArrayList<>();
        Map<String, Node> names = new HashMap<>();
        Node from = null;
        List<Node> commands = new ArrayList<>();
        String[] current = null;
        for (Node n : nodes) {
            String instr = n.instruction().toLowerCase(Locale.ROOT);
            if (instr.equals("from")) {
                if (from != null) {
                    stages.add(new StageDefinition(stages.size(), current[0], current[1], current[2], from, commands));
                }
                from = n;
                commands = new ArrayList<>();
                current = parseFrom(n, checks, errors, names);
            } else if (from == null) {
                if (!instr.equals("arg")) {
                    throw errors.at(n, "no build stage in current context: " + n.keyword().toUpperCase(Locale.ROOT)
                            + " comes before the first FROM (only ARG may appear before FROM)");
                }
                metaArgs.add(n);
            } else {
                commands.add(n);
            }
        }
        if (from == null) {
            throw errors.at(null, "the Dockerfile has no FROM instruction: start it with FROM <image> "
                    + "(or FROM scratch)");
        }
        stages.add(new StageDefinition(stages.size(), current[0], current[1], current[2], from, commands));
        return new Split(metaArgs, stages);
    }

    /** name, base name, platform of a FROM. */
    private static String[] parseFrom(Node n, BuildChecks checks, ErrorFactory errors, Map<String, Node> names)
            throws org.jbuildkit.dockerfile.DockerfileException {
        ParsedFlags flags;
        try {
            flags = InstructionFlags.of("FROM").parse(n.flags());
        } catch (InstructionFlagException e) {
            throw errors.at(n, e.getMessage(), e);
        }
        List<String> args = n.args();
        String name = "";
        if (args.size() == 3 && args.get(1).equalsIgnoreCase("as")) {
            String as = args.get(1);
            String written = args.get(2);
            name = written.toLowerCase(Locale.ROOT);
            if (!name.matches("^[a-z][a-z0-9-_.]*$")) {
                throw errors.at(n, "invalid name for build stage: \"" + written
                        + "\", name can't start with a number or contain symbols");
            }
            if (!written.equals(name)) {
                checks.report(BuildChecks.Rule.STAGE_NAME_CASING,
                        "Stage name '" + written + "' should be lowercase", n.range());
            }
            boolean fromUpper = n.keyword().equals(n.keyword().toUpperCase(Locale.ROOT));
            boolean asUpper = as.equals(as.toUpperCase(Locale.ROOT));
            boolean fromLower = n.keyword().equals(n.keyword().toLowerCase(Locale.ROOT));
            boolean asLower = as.equals(as.toLowerCase(Locale.ROOT));
            if ((fromUpper && !asUpper) || (fromLower && !asLower)) {
                checks.report(BuildChecks.Rule.FROM_AS_CASING,
                        "'" + as + "' and '" + n.keyword() + "' keywords' casing do not match", n.range());
            }
            if (RESERVED.contains(name)) {
                checks.report(BuildChecks.Rule.RESERVED_STAGE_NAME,
                        "Stage name should not use the same name as reserved stage \"" + name + "\"", n.range());
            }
            if (names.containsKey(name)) {
                checks.report(BuildChecks.Rule.DUPLICATE_STAGE_NAME,
                        "Duplicate stage name \"" + name + "\", stage names should be unique", n.range());
                throw errors.at(n, "duplicate stage name \"" + name + "\": stage names must be unique (first used "
                        + "on line " + names.get(name).startLine() + "); rename one of them");
            }
            names.put(name, n);
        } else if (args.size() != 1) {
            throw errors.at(n, "FROM requires either one or three arguments: FROM <image> [AS <name>]");
        }
        String platform = flags.string("platform");
        if (!platform.isEmpty() && !platform.contains("$")) {
            checks.report(BuildChecks.Rule.FROM_PLATFORM_FLAG_CONST_DISALLOWED,
                    "FROM --platform flag should not use constant value \"" + platform + "\"", n.range());
        }
        return new String[] {name, args.get(0), platform};
    }
}
