package org.jbuildkit.daemon.worker.metadata;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The records as {@code du} and GC query them: with in-use computed from leases (a parent of an in-use
 * record is in use too, as upstream's reference counting makes it) and the order pruning goes in.
 */
public final class CacheUsage {
    private static final String QUERY = """
            WITH RECURSIVE held(id) AS (
              SELECT record_id FROM lease_records
              UNION
              SELECT p.parent_id FROM cache_record_parents p JOIN held h ON p.record_id = h.id
            )
            SELECT r.id, r.mutable, r.size, r.created_at, r.last_used_at, r.usage_count, r.description,
              r.record_type, r.shared,
              r.id IN (SELECT id FROM held) AS in_use,
              EXISTS (SELECT 1 FROM cache_record_parents c WHERE c.parent_id = r.id) AS has_children,
              (SELECT group_concat(p.parent_id, ' ' ORDER BY p.position) FROM cache_record_parents p
                WHERE p.record_id = r.id) AS parents
            FROM cache_records r
            WHERE r.deleted = 0
            ORDER BY r.created_at, r.id
            """;

    /** Oldest use first; never-used records before any used one, as upstream's sortDeleteRecords. */
    private static final Comparator<UsageRow> PRUNE_ORDER = Comparator
            .comparing(UsageRow::lastUsedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(UsageRow::createdAt)
            .thenComparing(UsageRow::id);

    private final Tx tx;

    CacheUsage(Tx tx) {
        this.tx = tx;
    }

    /** Every live record. */
    public List<UsageRow> all() throws SQLException {
        List<UsageRow> rows = new ArrayList<>();
        try (PreparedStatement statement = tx.prepare(QUERY); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                boolean mutable = rs.getInt("mutable") != 0;
                boolean inUse = rs.getInt("in_use") != 0;
                Long size = Tx.nullableLong(rs, "size");
                String parents = rs.getString("parents");
                rows.add(new UsageRow(new RecordId(rs.getString("id")), mutable, inUse,
                        mutable && inUse ? Long.valueOf(0) : size,
                        parents == null ? List.of() : Arrays.stream(parents.split(" ")).map(RecordId::new).toList(),
                        Tx.instant(rs, "created_at"), Tx.instant(rs, "last_used_at"), rs.getInt("usage_count"),
                        rs.getString("description"), RecordType.parse(rs.getString("record_type")),
                        rs.getInt("shared") != 0, rs.getInt("has_children") != 0));
            }
        }
        return rows;
    }

    /** The records {@code du --filter} shows. */
    public List<UsageRow> matching(RecordFilter filter) throws SQLException {
        return all().stream().filter(filter::matches).toList();
    }

    /**
     * What a prune may remove now, in the order to remove it: not in use, no child records (their turn
     * comes once the children are gone), matching the filter, not used since {@code usedBefore} (null:
     * any time), and unless {@code all}, neither internal, frontend nor shared — upstream's pruneOnce rules.
     */
    public List<UsageRow> pruneCandidates(RecordFilter filter, boolean all, Instant usedBefore) throws SQLException {
        return all().stream()
                .filter(r -> !r.inUse() && !r.hasChildren())
                .filter(r -> all || !(r.type() == RecordType.INTERNAL || r.type() == RecordType.FRONTEND || r.shared()))
                .filter(r -> usedBefore == null || r.lastUsedAt() == null || !r.lastUsedAt().isAfter(usedBefore))
                .filter(filter::matches)
                .sorted(PRUNE_ORDER)
                .toList();
    }

    /**
     * Whether a record may be deleted now: live, not held by a lease (nor a parent of a held record),
     * and no record names it as a parent. Asked again inside the deleting transaction, so a build that
     * took a lease after the candidates were listed keeps its record.
     */
    public boolean removable(RecordId id) throws SQLException {
        try (PreparedStatement statement = tx.prepare("""
                WITH RECURSIVE held(id) AS (
                  SELECT record_id FROM lease_records
                  UNION
                  SELECT p.parent_id FROM cache_record_parents p JOIN held h ON p.record_id = h.id
                )
                SELECT EXISTS (SELECT 1 FROM cache_records r WHERE r.id = ? AND r.deleted = 0
                  AND r.id NOT IN (SELECT id FROM held)
                  AND NOT EXISTS (SELECT 1 FROM cache_record_parents c WHERE c.parent_id = r.id))
                """, id); ResultSet rs = statement.executeQuery()) {
            return rs.next() && rs.getInt(1) != 0;
        }
    }

    /** Bytes held by records that are not shared, what keepBytes limits count (unknown sizes count 0). */
    public long totalSize() throws SQLException {
        try (PreparedStatement statement = tx.prepare(
                "SELECT coalesce(sum(size), 0) FROM cache_records WHERE deleted = 0 AND shared = 0");
                ResultSet rs = statement.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
