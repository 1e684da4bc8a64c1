package org.jbuildkit.dockerfile.convert;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jbuildkit.dockerfile.parser.Node;

/**
 * The build checks that read the instructions as written, before any stage is converted (upstream's
 * {@code validations.go}): consistent keyword casing, CMD/ENTRYPOINT/HEALTHCHECK given twice in a stage, and
 * ARG/ENV names that look like secrets.
 */
final class StaticChecks {

    private static final Pattern SECRET = Pattern.compile(
            "(?i)(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)");
    private static final Pattern ALLOWED = Pattern.compile("(?i)(?:_|^)(?:public|file|version)(?:_|$)");
    private static final Set<String> ONCE = Set.of("cmd", "entrypoint", "healthcheck");

    private StaticChecks() {
    }

    static void run(StageSplitter.Split split, BuildChecks checks) {
        casing(split, checks);
        for (Node n : split.metaArgs()) {
            secrets(n, checks);
        }
        for (StageDefinition st : split.stages()) {
            Map<String, Node> last = new HashMap<>();
            for (Node n : st.commands()) {
                String instr = n.instruction().toLowerCase(Locale.ROOT);
                if (ONCE.contains(instr)) {
                    Node previous = last.put(instr, n);
                    if (previous != null) {
                        checks.report(BuildChecks.Rule.MULTIPLE_INSTRUCTIONS_DISALLOWED, "Multiple "
                                + instr.toUpperCase(Locale.ROOT) + " instructions should not be used in the same "
                                + "stage because only the last one will be used", previous.range());
                    }
                }
                if (instr.equals("arg") || instr.equals("env")) {
                    secrets(n, checks);
                }
            }
        }
    }

    private static void secrets(Node n, BuildChecks checks) {
        String instr = n.instruction().toUpperCase(Locale.ROOT);
        List<String> keys = instr.equals("ARG")
                ? ArgInstruction.declared(n).stream().map(StageState.ArgValue::key).toList()
                : everyOther(n.args());
        for (String key : keys) {
            if (SECRET.matcher(key).find() && !ALLOWED.matcher(key).find()) {
                checks.report(BuildChecks.Rule.SECRETS_USED_IN_ARG_OR_ENV, "Do not use ARG or ENV instructions "
                        + "for sensitive data (" + instr + " \"" + key + "\")", n.range());
            }
        }
    }

    private static List<String> everyOther(List<String> args) {
        java.util.ArrayList<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i += 2) {
            keys.add(args.get(i));
        }
        return keys;
    }

    private static void casing(StageSplitter.Split split, BuildChecks checks) {
        int lower = 0;
        int upper = 0;
        for (StageDefinition st : split.stages()) {
            for (Node n : nodes(st)) {
                String k = n.keyword();
                if (k.equals(k.toLowerCase(Locale.ROOT))) {
                    lower++;
                } else if (k.equals(k.toUpperCase(Locale.ROOT))) {
                    upper++;
                }
            }
        }
        boolean majorityLower = lower > upper;
        for (StageDefinition st : split.stages()) {
            for (Node n : nodes(st)) {
                String k = n.keyword();
                String correct = null;
                if (majorityLower && !k.toLowerCase(Locale.ROOT).equals(k)) {
                    correct = "lowercase";
                } else if (!majorityLower && !k.toUpperCase(Locale.ROOT).equals(k)) {
                    correct = "uppercase";
                }
                if (correct != null) {
                    checks.report(BuildChecks.Rule.CONSISTENT_INSTRUCTION_CASING, "Command '" + k
                            + "' should match the case of the command majority (" + correct + ")", n.range());
                }
            }
        }
    }

    private static List<Node> nodes(StageDefinition st) {
        java.util.ArrayList<Node> all = new java.util.ArrayList<>();
        all.add(st.from());
        all.addAll(st.commands());
        return all;
    }
}
