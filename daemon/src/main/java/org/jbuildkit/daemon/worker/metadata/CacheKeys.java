package org.jbuildkit.daemon.worker.metadata;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jbuildkit.registry.image.Digest;

/** Cache keys and the records holding their results; a key's results go with their record. */
public final class CacheKeys {
    private final Tx tx;

    CacheKeys(Tx tx) {
        this.tx = tx;
    }

    /** Records a result; adding the same key, output and record again changes nothing. */
    public void add(CacheKeyResult result) throws SQLException {
        tx.update("INSERT OR IGNORE INTO cache_keys (key_digest, output_index, record_id, created_at)"
                + " VALUES (?, ?, ?, ?)", result.key(), result.outputIndex(), result.recordId(), result.createdAt());
    }

    /** The live results for one output of a key, newest first. */
    public List<CacheKeyResult> results(Digest key, int outputIndex) throws SQLException {
        return select("WHERE k.key_digest = ? AND k.output_index = ? ORDER BY k.created_at DESC, k.record_id",
                key, outputIndex);
    }

    /** The keys whose result is this record. */
    public List<CacheKeyResult> byRecord(RecordId recordId) throws SQLException {
        return select("WHERE k.record_id = ? ORDER BY k.key_digest, k.output_index", recordId);
    }

    /** Forgets a key entirely (all outputs and results). */
    public int remove(Digest key) throws SQLException {
        return tx.update("DELETE FROM cache_keys WHERE key_digest = ?", key);
    }

    /**
     * Forgets every key that has this record among its results, all outputs (a key missing one output
     * is no cache hit), also when the record is already marked deleted.
     */
    public int removeKeysOf(RecordId recordId) throws SQLException {
        return tx.update("DELETE FROM cache_keys WHERE key_digest IN"
                + " (SELECT key_digest FROM cache_keys WHERE record_id = ?)", recordId);
    }

    private List<CacheKeyResult> select(String where, Object... args) throws SQLException {
        List<CacheKeyResult> results = new ArrayList<>();
        try (PreparedStatement statement = tx.prepare("SELECT k.key_digest, k.output_index, k.record_id, k.created_at"
                + " FROM cache_keys k JOIN cache_records r ON r.id = k.record_id AND r.deleted = 0 " + where, args);
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                results.add(new CacheKeyResult(Digest.parse(rs.getString(1)), rs.getInt(2),
                        new RecordId(rs.getString(3)), Tx.instant(rs, "created_at")));
            }
        }
        return results;
    }
}
