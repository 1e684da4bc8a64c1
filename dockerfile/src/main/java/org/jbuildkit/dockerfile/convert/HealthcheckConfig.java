package org.jbuildkit.dockerfile.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.instructions.HealthcheckFlags;
import org.jbuildkit.dockerfile.instructions.InstructionFlagException;
import org.jbuildkit.dockerfile.parser.Node;

/**
 * {@code HEALTHCHECK NONE} or {@code HEALTHCHECK [flags] CMD …} as Docker's {@code Healthcheck} config: Test
 * ({@code ["NONE"]}, {@code ["CMD", …]}, {@code ["CMD-SHELL", "…"]}), durations in nanoseconds, Retries.
 */
final class HealthcheckConfig {

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
            if (args.size() > 1) {
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
        HealthcheckFlags flags;
        try {
            flags = HealthcheckFlags.parse(n.flags());
        } catch (InstructionFlagException e) {
            throw ctx.errors.at(n, e.getMessage(), e);
        }
        put(h, "Interval", flags.interval());
        put(h, "Timeout", flags.timeout());
        put(h, "StartPeriod", flags.startPeriod());
        put(h, "StartInterval", flags.startInterval());
        if (flags.retries() > 0) {
            h.put("Retries", flags.retries());
        }
        return h;
    }

    private static void put(ObjectNode h, String field, Duration d) {
        if (!d.isZero()) {
            h.put(field, d.toNanos());
        }
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
