package org.jbuildkit.client.ssh;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code buildctl build --ssh} as upstream reads it ({@code cmd/buildctl/build/ssh.go}):
 * {@code ID[=PATH[,PATH…][,raw=BOOL]]}, e.g. {@code default}, {@code default=$SSH_AUTH_SOCK},
 * {@code github=/home/me/.ssh/id_ed25519,/home/me/.ssh/id_rsa}.
 */
public final class SshFlags {
    private SshFlags() {
    }

    public static List<AgentConfig> parse(List<String> values) {
        List<AgentConfig> configs = new ArrayList<>();
        for (String value : values) {
            configs.add(parse(value));
        }
        return configs;
    }

    public static AgentConfig parse(String value) {
        int eq = value.indexOf('=');
        String id = eq < 0 ? value : value.substring(0, eq);
        List<String> paths = new ArrayList<>();
        boolean raw = false;
        if (eq >= 0) {
            for (String p : value.substring(eq + 1).split(",", -1)) {
                int peq = p.indexOf('=');
                if (peq >= 0 && p.substring(0, peq).equals("raw")) {
                    raw = parseBool(p.substring(peq + 1), value);
                } else {
                    paths.add(p);
                }
            }
        }
        if (raw && paths.size() != 1) {
            throw new IllegalArgumentException("raw mode must supply exactly one socket path for \"" + id
                    + "\" (--ssh " + value + "): use --ssh " + id + "=/path/to/agent.sock,raw=true");
        }
        return new AgentConfig(id, paths, raw);
    }

    /** Go's {@code strconv.ParseBool}. */
    private static boolean parseBool(String v, String value) {
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new IllegalArgumentException("invalid value for 'raw': " + v + " (--ssh " + value
                    + "): use raw=true or raw=false");
        };
    }
}
