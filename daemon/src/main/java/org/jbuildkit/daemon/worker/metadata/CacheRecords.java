package org.jbuildkit.daemon.worker.metadata;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;

/**
 * The cache records table. Deleting is two-phase as upstream: {@link #markDeleted} first (committed),
 * then the snapshot (or directory) and blob go, then {@link #delete}; records marked but not deleted after a crash
 * are found by {@link #markedDeleted} and finished at start.
 */
public final class CacheRecords {
    private static final String COLUMNS = "id, record_type, description, snapshot_id, directory, created_at,"
            + " last_used_at, usage_count, size, mutable, shared, blob_digest, blob_media_type, blob_size, diff_id";

    private final Tx tx;

    CacheRecords(Tx tx) {
        this.tx = tx;
    }

    /** Adds a record and its parents, which must already exist. */
    public void insert(CacheRecord r) throws SQLException {
        LayerBlob blob = r.blob();
        tx.update("INSERT INTO cache_records (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.id(), r.type().value(), r.description(), r.snapshotId(), r.directory(), r.createdAt(),
                r.lastUsedAt(),
                r.usageCount(), r.size(), r.mutable(), r.shared(),
                blob == null ? null : blob.blob().digest(), blob == null ? null : blob.blob().mediaType(),
                blob == null ? null : blob.blob().size(), blob == null ? null : blob.diffId());
        int position = 0;
        for (RecordParent parent : r.parents()) {
            tx.update("INSERT INTO cache_record_parents (record_id, position, parent_id, role) VALUES (?, ?, ?, ?)",
                    r.id(), position++, parent.id(), parent.role().name());
        }
    }

    /** The record, unless absent or marked deleted. */
    public Optional<CacheRecord> get(RecordId id) throws SQLException {
        List<CacheRecord> found = select("WHERE id = ? AND deleted = 0", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Every record not marked deleted, oldest first. */
    public List<CacheRecord> all() throws SQLException {
        return select("WHERE deleted = 0 ORDER BY created_at, id");
    }

    /** Records that name {@code id} as a parent. */
    public List<RecordId> children(RecordId id) throws SQLException {
        return ids("SELECT record_id FROM cache_record_parents WHERE parent_id = ? ORDER BY record_id", id);
    }

    /** Records with this snapshot (several records may share one). */
    public List<RecordId> bySnapshot(String snapshotId) throws SQLException {
        return ids("SELECT id FROM cache_records WHERE snapshot_id = ? AND deleted = 0 ORDER BY id", snapshotId);
    }

    /** The live record whose files are {@code directory} (a cache mount's), if any. */
    public Optional<CacheRecord> byDirectory(Path directory) throws SQLException {
        List<CacheRecord> found = select("WHERE directory = ? AND deleted = 0", directory);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Counts a use now, as upstream's updateLastUsed. */
    public boolean markUsed(RecordId id, Instant at) throws SQLException {
        return tx.update("UPDATE cache_records SET last_used_at = ?, usage_count = usage_count + 1 WHERE id = ?",
                at, id) == 1;
    }

    /** Records the computed size, or null to mark it unknown again (a mutable record changed). */
    public boolean setSize(RecordId id, Long size) throws SQLException {
        return tx.update("UPDATE cache_records SET size = ? WHERE id = ?", size, id) == 1;
    }

    public boolean setShared(RecordId id, boolean shared) throws SQLException {
        return tx.update("UPDATE cache_records SET shared = ? WHERE id = ?", shared, id) == 1;
    }

    public boolean setDescription(RecordId id, String description) throws SQLException {
        return tx.update("UPDATE cache_records SET description = ? WHERE id = ?", description, id) == 1;
    }

    /** Freezes a mutable record onto its committed snapshot. */
    public boolean commit(RecordId id, String snapshotId) throws SQLException {
        return tx.update("UPDATE cache_records SET mutable = 0, snapshot_id = ? WHERE id = ?", snapshotId, id) == 1;
    }

    public boolean setBlob(RecordId id, LayerBlob blob) throws SQLException {
        return tx.update("UPDATE cache_records SET blob_digest = ?, blob_media_type = ?, blob_size = ?, diff_id = ?"
                + " WHERE id = ?", blob.blob().digest(), blob.blob().mediaType(), blob.blob().size(), blob.diffId(),
                id) == 1;
    }

    /** First phase of deleting: hidden from everything but {@link #markedDeleted}. */
    public boolean markDeleted(RecordId id) throws SQLException {
        return tx.update("UPDATE cache_records SET deleted = 1 WHERE id = ?", id) == 1;
    }

    /** Takes back {@link #markDeleted} when the record's files could not go after all. */
    public boolean unmarkDeleted(RecordId id) throws SQLException {
        return tx.update("UPDATE cache_records SET deleted = 0 WHERE id = ?", id) == 1;
    }

    /** The snapshot of a record, also one marked deleted (to finish deleting it after a crash). */
    public Optional<String> snapshotOf(RecordId id) throws SQLException {
        try (PreparedStatement statement = tx.prepare("SELECT snapshot_id FROM cache_records WHERE id = ?", id);
                ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
    }

    /** The directory of a record, also one marked deleted (to finish deleting it after a crash). */
    public Optional<Path> directoryOf(RecordId id) throws SQLException {
        try (PreparedStatement statement = tx.prepare("SELECT directory FROM cache_records WHERE id = ?", id);
                ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)).map(Path::of) : Optional.empty();
        }
    }

    public List<RecordId> markedDeleted() throws SQLException {
        return ids("SELECT id FROM cache_records WHERE deleted = 1 ORDER BY id");
    }

    /**
     * Removes the record with its cache keys. Fails (foreign key) while a child record or a lease refers
     * to it: a parent goes after its children, and nothing in use goes.
     */
    public boolean delete(RecordId id) throws SQLException {
        return tx.update("DELETE FROM cache_records WHERE id = ?", id) == 1;
    }

    private List<RecordId> ids(String sql, Object... args) throws SQLException {
        List<RecordId> ids = new ArrayList<>();
        try (PreparedStatement statement = tx.prepare(sql, args); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                ids.add(new RecordId(rs.getString(1)));
            }
        }
        return ids;
    }

    private List<CacheRecord> select(String where, Object... args) throws SQLException {
        List<CacheRecord> records = new ArrayList<>();
        try (PreparedStatement statement = tx.prepare("SELECT " + COLUMNS + " FROM cache_records " + where, args);
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                RecordId id = new RecordId(rs.getString("id"));
                String blobDigest = rs.getString("blob_digest");
                LayerBlob blob = blobDigest == null ? null : new LayerBlob(
                        Descriptor.of(rs.getString("blob_media_type"), Digest.parse(blobDigest),
                                rs.getLong("blob_size")),
                        Digest.parse(rs.getString("diff_id")));
                String directory = rs.getString("directory");
                records.add(new CacheRecord(id, List.of(), rs.getString("snapshot_id"),
                        directory == null ? null : Path.of(directory), RecordType.parse(rs.getString("record_type")),
                        rs.getString("description"), Tx.instant(rs, "created_at"), Tx.instant(rs, "last_used_at"),
                        rs.getInt("usage_count"), Tx.nullableLong(rs, "size"), rs.getInt("mutable") != 0,
                        rs.getInt("shared") != 0, blob));
            }
        }
        List<CacheRecord> withParents = new ArrayList<>(records.size());
        for (CacheRecord r : records) {
            withParents.add(new CacheRecord(r.id(), parents(r.id()), r.snapshotId(), r.directory(), r.type(),
                    r.description(), r.createdAt(), r.lastUsedAt(), r.usageCount(), r.size(), r.mutable(), r.shared(),
                    r.blob()));
        }
        return withParents;
    }

    private List<RecordParent> parents(RecordId id) throws SQLException {
        List<RecordParent> parents = new ArrayList<>();
        try (PreparedStatement statement = tx.prepare("SELECT parent_id, role FROM cache_record_parents"
                + " WHERE record_id = ? ORDER BY position", id); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                parents.add(new RecordParent(new RecordId(rs.getString(1)), RecordParent.Role.valueOf(rs.getString(2))));
            }
        }
        return parents;
    }
}
