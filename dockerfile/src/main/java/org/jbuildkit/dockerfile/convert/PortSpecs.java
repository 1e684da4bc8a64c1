package org.jbuildkit.dockerfile.convert;

import java.util.ArrayList;
import java.util.List;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.parser.Node;

/** EXPOSE values as go-connections' {@code nat.ParsePortSpecs}: {@code 80}, {@code 53/udp}, {@code 8000-8002/tcp}. */
final class PortSpecs {

    private PortSpecs() {
    }

    static List<String> parse(String raw, Node n, ConversionContext ctx) throws DockerfileException {
        String proto = "tcp";
        String spec = raw;
        int slash = spec.lastIndexOf('/');
        if (slash >= 0) {
            proto = spec.substring(slash + 1);
            spec = spec.substring(0, slash);
            if (proto.isEmpty()) {
                throw ctx.errors.at(n, "invalid proto: " + raw);
            }
        }
        if (!proto.equals(proto.toLowerCase(java.util.Locale.ROOT))) {
            ctx.checks.report(BuildChecks.Rule.EXPOSE_PROTO_CASING,
                    "Defined protocol '" + raw + "' in EXPOSE instruction should be lowercase", n.range());
        }
        int colon = spec.lastIndexOf(':');
        String port = colon >= 0 ? spec.substring(colon + 1) : spec;
        int start;
        int end;
        try {
            int dash = port.indexOf('-');
            start = Integer.parseInt(dash < 0 ? port : port.substring(0, dash));
            end = dash < 0 ? start : Integer.parseInt(port.substring(dash + 1));
        } catch (NumberFormatException e) {
            throw ctx.errors.at(n, "invalid containerPort: " + port + " (EXPOSE takes <port>[/<proto>], e.g. 8080/tcp)");
        }
        if (end < start || start < 0 || end > 65535) {
            throw ctx.errors.at(n, "invalid range specified for container port: " + port);
        }
        List<String> out = new ArrayList<>();
        for (int p = start; p <= end; p++) {
            out.add(p + "/" + proto);
        }
        return out;
    }
}
