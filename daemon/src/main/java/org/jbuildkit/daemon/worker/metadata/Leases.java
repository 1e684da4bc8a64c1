package org.jbuildkit.daemon.worker.metadata;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Leases: which build holds which records, with a count per record. Held records are in use and
 * cannot be deleted. A new daemon process holds nothing yet, so it calls {@link #removeAll} at start.
 */
public final class Leases {
    private final Tx tx;

    Leases(Tx tx) {
        this.tx = tx;
    }

    public Lease create(String buildRef, Instant at) throws SQLException {
        Lease lease = new Lease(RecordId.newId().value(), buildRef, at);
        tx.update("INSERT INTO leases (id, build_ref, created_at) VALUES (?, ?, ?)", lease.id(), buildRef, at);
        return lease;
    }

    /** Takes one more reference on a record for the lease. */
    public void acquire(String leaseId, RecordId record) throws SQLException {
        tx.update("INSERT INTO lease_records (lease_id, record_id, refs) VALUES (?, ?, 1)"
                + " ON CONFLICT (lease_id, record_id) DO UPDATE SET refs = refs + 1", leaseId, record);
    }

    /** Drops one reference; false if the lease held none on the record. */
    public boolean release(String leaseId, RecordId record) throws SQLException {
        int changed = tx.update("UPDATE lease_records SET refs = refs - 1 WHERE lease_id = ? AND record_id = ?"
                + " AND refs > 1", leaseId, record);
        if (changed == 0) {
            changed = tx.update("DELETE FROM lease_records WHERE lease_id = ? AND record_id = ?", leaseId, record);
        }
        return changed == 1;
    }

    /** Ends a lease and drops all its references; false if there was no such lease. */
    public boolean remove(String leaseId) throws SQLException {
        return tx.update("DELETE FROM leases WHERE id = ?", leaseId) == 1;
    }

    /** Ends every lease (at daemon start: no build from a previous process is running). */
    public int removeAll() throws SQLException {
        return tx.update("DELETE FROM leases");
    }

    public List<Lease> all() throws SQLException {
        List<Lease> leases = new ArrayList<>();
        try (PreparedStatement statement = tx.prepare("SELECT id, build_ref, created_at FROM leases"
                + " ORDER BY created_at, id"); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                leases.add(new Lease(rs.getString(1), rs.getString(2), Tx.instant(rs, "created_at")));
            }
        }
        return leases;
    }

    /** The records a lease holds and how many references it has on each. */
    public Map<RecordId, Integer> held(String leaseId) throws SQLException {
        Map<RecordId, Integer> held = new LinkedHashMap<>();
        try (PreparedStatement statement = tx.prepare("SELECT record_id, refs FROM lease_records WHERE lease_id = ?"
                + " ORDER BY record_id", leaseId); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                held.put(new RecordId(rs.getString(1)), rs.getInt(2));
            }
        }
        return held;
    }

    /** References on a record across all leases. */
    public int refCount(RecordId record) throws SQLException {
        try (PreparedStatement statement = tx.prepare("SELECT coalesce(sum(refs), 0) FROM lease_records"
                + " WHERE record_id = ?", record); ResultSet rs = statement.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
