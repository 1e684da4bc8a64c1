package org.jbuildkit.daemon.ops;

import java.time.Clock;
import java.util.Optional;
import org.jbuildkit.daemon.solver.CachePart;
import org.jbuildkit.daemon.solver.StepHistory;
import org.jbuildkit.daemon.solver.StepRun;
import org.jbuildkit.daemon.worker.metadata.MetadataStore;
import org.jbuildkit.daemon.worker.metadata.StepRecord;

/** The last run of each step in the metadata store, so misses are explained across daemon restarts. */
public final class RecordedStepHistory implements StepHistory {
    private final MetadataStore store;
    private final Clock clock;

    public RecordedStepHistory(MetadataStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Optional<StepRun> last(String name) {
        return store.read(tx -> tx.stepRecords().get(name)).map(r -> new StepRun(r.cacheKey(), r.opDigest(),
                r.parts().stream().map(p -> new CachePart(p.id(), p.label(), p.fingerprint(), p.shown())).toList(),
                r.inputs()));
    }

    @Override
    public void remember(String name, StepRun run) {
        StepRecord record = new StepRecord(name, run.key(), run.opDigest(),
                run.parts().stream().map(p -> new StepRecord.Part(p.id(), p.label(), p.fingerprint(), p.shown()))
                        .toList(), run.inputs(), clock.instant());
        store.transaction(tx -> {
            tx.stepRecords().put(record);
            return null;
        });
    }
}
