package org.jbuildkit.registry.diagnostics;

import java.util.List;
import java.util.Objects;

/**
 * What {@link RegistryProbe} found, phase by phase, and the diagnosis. Rendered for
 * {@code buildctl debug registry HOST[:PORT]}; turned into a {@link RegistryException} when a request failed.
 *
 * @param host     the registry as named ({@code 127.0.0.1:5000})
 * @param settings the settings applied to it ({@code no [registry."…"] section} or the section)
 * @param scheme   the scheme probed
 * @param address  the address dialled (the resolved IP, or the name when it did not resolve)
 * @param port     the port dialled
 */
public record ProbeReport(
        String host,
        String settings,
        String scheme,
        String address,
        int port,
        List<PhaseResult> phases,
        Diagnosis diagnosis) {

    public ProbeReport {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(address, "address");
        phases = List.copyOf(phases);
        Objects.requireNonNull(diagnosis, "diagnosis");
    }

    public boolean ok() {
        return diagnosis.ok();
    }

    /** The failure as an exception, for a request made while {@code action} ("pushing to") from {@code side}. */
    public RegistryException toException(String action, Side side, Throwable cause) {
        return new RegistryException(action, host, address, port, scheme, side, settings, diagnosis, cause);
    }

    /** A readable multi-line report ending with the fix. */
    public String render() {
        var out = new StringBuilder();
        out.append("registry ").append(host).append(" (").append(scheme).append("://").append(address).append(':')
                .append(port).append(")\n");
        out.append("settings: ").append(settings).append('\n');
        for (PhaseResult result : phases) {
            String label = String.format("%-8s%-8s", result.phase(), result.status());
            String[] lines = result.detail().split("\n");
            out.append(label).append(lines[0]).append('\n');
            for (int i = 1; i < lines.length; i++) {
                out.append(" ".repeat(16)).append(lines[i]).append('\n');
            }
        }
        if (diagnosis.ok()) {
            out.append("result: ").append(diagnosis.peer()).append('\n');
            out.append("fix: ").append(diagnosis.fix()).append('\n');
        } else {
            out.append("failed in the ").append(diagnosis.phase()).append(" phase: ").append(diagnosis.peer())
                    .append('\n');
            out.append("problem: ").append(diagnosis.problem()).append('\n');
            out.append("fix: ").append(diagnosis.fix()).append('\n');
        }
        return out.toString();
    }
}
