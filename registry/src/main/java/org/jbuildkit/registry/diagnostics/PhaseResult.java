package org.jbuildkit.registry.diagnostics;

import java.util.Objects;

/** One step of a probe: whether it passed and what it saw (may span lines, e.g. a certificate chain). */
public record PhaseResult(Phase phase, Status status, String detail) {

    public enum Status { OK, FAILED, SKIPPED }

    public PhaseResult {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    static PhaseResult ok(Phase phase, String detail) {
        return new PhaseResult(phase, Status.OK, detail);
    }

    static PhaseResult failed(Phase phase, String detail) {
        return new PhaseResult(phase, Status.FAILED, detail);
    }
}
