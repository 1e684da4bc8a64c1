package org.jbuildkit.dockerfile.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.parser.Node;

/**
 * {@code HEALTHCHECK NONE} or {@code HEALTHCHECK [flags] CMD …} as Docker's {@code Healthcheck} config: Test
 * ({@code ["NONE"]}, {@code ["CMD", …]}, {@code ["CMD-SHELL", "…"]}), durations in nanoseconds, Retries.
 */
final class HealthcheckConfig {

    private static final Set<String> FLAGS = Set.of("interval", "timeout", "start-period", "start-interval",
            "retries");

    private HealthcheckConfig() {
    }

    static ObjectNode parse(Node n, ConversionContext ctx) throws DockerfileException {
        List<String> args = n.args();
        if (args.isEmpty()) {
            throw ctx.errors.at(n, "HEALTHCHECK requires an argument: NONE or CMD <command>");
        }
        ObjectNode h = ImageConfigInstructions.object();
        ArrayNode test = h.putArray("Test");
        String kind = args.get(0).toUpperCase(java.util.Locale.ROOT);
        if (kind.equals("NONE")) {
            if (args.size() > 1 || !n.flags().isEmpty()) {
                throw ctx.errors.at(n, "HEALTHCHECK NONE takes no other arguments");
            }
            test.add("NONE");
            return h;
        }
        if (!kind.equals("CMD")) {
            throw ctx.errors.at(n, "Unknown type \"" + args.get(0) + "\" in HEALTHCHECK (try CMD)");
        }
        List<String> cmd = new ArrayList<>(args.subList(1, args.size()));
        if (cmd.isEmpty()) {
            throw ctx.errors.at(n, "Missing command after HEALTHCHECK CMD");
        }
        if (n.json()) {
            test.add("CMD");
            cmd.forEach(test::add);
        } else {
            test.add("CMD-SHELL");
            test.add(String.join(" ", cmd));
        }
        NodeFlags flags;
        try {
            flags = NodeFlags.parse("HEALTHCHECK", n.flags(), FLAGS, Set.of());
        } catch (NodeFlags.FlagException e) {
            throw ctx.errors.at(n, e.getMessage());
        }
        duration(h, "Interval", "interval", flags, n, ctx);
        duration(h, "Timeout", "timeout", flags, n, ctx);
        duration(h, "StartPeriod", "start-period", flags, n, ctx);
        duration(h, "StartInterval", "start-interval", flags, n, ctx);
        if (flags.value("retries").isPresent()) {
            String r = flags.string("retries");
            try {
                int retries = Integer.parseInt(r);
                if (retries < 0) {
                    throw ctx.errors.at(n, "--retries cannot be negative (" + r + ")");
                }
                if (retries > 0) {
                    h.put("Retries", retries);
                }
            } catch (NumberFormatException e) {
                throw ctx.errors.at(n, "invalid --retries=" + r + ": give a whole number");
            }
        }
        return h;
    }

    private static void duration(ObjectNode h, String field, String flag, NodeFlags flags, Node n,
            ConversionContext ctx) throws DockerfileException {
        if (flags.value(flag).isEmpty()) {
            return;
        }
        String v = flags.string(flag);
        long nanos;
        try {
            nanos = GoDuration.parse(v);
        } catch (IllegalArgumentException e) {
            throw ctx.errors.at(n, "invalid --" + flag + "=" + v + ": " + e.getMessage());
        }
        if (nanos == 0) {
            return;
        }
        if (nanos < 1_000_000L) {
            throw ctx.errors.at(n, field + " \"--" + flag + "\" cannot be less than 1ms");
        }
        h.put(field, nanos);
    }

    /** Upstream's history line: Go's {@code %q} of the config struct. */
    static String historyString(ObjectNode h) {
        List<String> test = new ArrayList<>();
        h.path("Test").forEach(t -> test.add(t.asText()));
        return "&{" + GoFormat.quoteList(test) + " " + q(h.get("Interval")) + " " + q(h.get("Timeout")) + " "
                + q(h.get("StartPeriod")) + " " + q(h.get("StartInterval")) + " "
                + GoFormat.quoteRune(h.path("Retries").asInt(0)) + "}";
    }

    private static String q(JsonNode nanos) {
        return GoFormat.quote(GoFormat.duration(nanos == null ? 0 : nanos.asLong()));
    }
}
