package org.jbuildkit.daemon.worker.metadata;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.List;
import org.jbuildkit.api.control.UsageRecord;

/**
 * One record as {@code du} and GC see it (upstream's {@code client.UsageInfo}).
 *
 * @param inUse held by a lease, or a parent of a record that is
 * @param size null while unknown (compute it, then {@link CacheRecords#setSize}); 0 for a mutable record
 *     in use, whose size is changing, as upstream reports it
 * @param hasChildren other records name this one as a parent, so it cannot be removed before them
 */
public record UsageRow(RecordId id, boolean mutable, boolean inUse, Long size, List<RecordId> parents,
        Instant createdAt, Instant lastUsedAt, int usageCount, String description, RecordType type,
        boolean shared, boolean hasChildren) {

    public UsageRow {
        parents = List.copyOf(parents);
    }

    /** The wire form for {@code Control.DiskUsage}; an unknown size is sent as 0. */
    public UsageRecord toUsageRecord() {
        UsageRecord.Builder b = UsageRecord.newBuilder()
                .setID(id.value())
                .setMutable(mutable)
                .setInUse(inUse)
                .setSize(size == null ? 0 : size)
                .setCreatedAt(timestamp(createdAt))
                .setUsageCount(usageCount)
                .setDescription(description)
                .setRecordType(type.value())
                .setShared(shared);
        if (lastUsedAt != null) {
            b.setLastUsedAt(timestamp(lastUsedAt));
        }
        parents.forEach(p -> b.addParents(p.value()));
        return b.build();
    }

    private static Timestamp timestamp(Instant at) {
        return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
    }
}
