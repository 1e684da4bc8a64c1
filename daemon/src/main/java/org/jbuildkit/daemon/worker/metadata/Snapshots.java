package org.jbuildkit.daemon.worker.metadata;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Snapshot chains: each snapshot names its parent; a parent cannot be removed while it has children. */
public final class Snapshots {
    private static final String COLUMNS = "id, parent_id, kind, path, created_at";

    private final Tx tx;

    Snapshots(Tx tx) {
        this.tx = tx;
    }

    /** Adds a snapshot on top of its parent, which must exist. */
    public void add(Snapshot s) throws SQLException {
        tx.update("INSERT INTO snapshots (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)", s.id(), s.parentId(),
                s.kind().name().toLowerCase(Locale.ROOT), s.path(), s.createdAt());
    }

    public Optional<Snapshot> get(String id) throws SQLException {
        List<Snapshot> found = select("SELECT " + COLUMNS + " FROM snapshots WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Freezes an active snapshot; false if it is not active. */
    public boolean commit(String id) throws SQLException {
        return tx.update("UPDATE snapshots SET kind = 'committed' WHERE id = ? AND kind = 'active'", id) == 1;
    }

    /** The snapshot and its ancestors, itself first and the base last. */
    public List<Snapshot> chain(String id) throws SQLException {
        return select("""
                WITH RECURSIVE chain(id, depth) AS (
                  SELECT id, 0 FROM snapshots WHERE id = ?
                  UNION ALL
                  SELECT s.parent_id, c.depth + 1 FROM snapshots s JOIN chain c ON s.id = c.id
                  WHERE s.parent_id IS NOT NULL
                )
                SELECT s.id, s.parent_id, s.kind, s.path, s.created_at FROM snapshots s JOIN chain c ON s.id = c.id
                ORDER BY c.depth
                """, id);
    }

    public List<Snapshot> children(String id) throws SQLException {
        return select("SELECT " + COLUMNS + " FROM snapshots WHERE parent_id = ? ORDER BY id", id);
    }

    /** Every snapshot, for GC to find those no record uses. */
    public List<Snapshot> all() throws SQLException {
        return select("SELECT " + COLUMNS + " FROM snapshots ORDER BY created_at, id");
    }

    /** Removes a snapshot; fails (foreign key) while it has children. */
    public boolean remove(String id) throws SQLException {
        return tx.update("DELETE FROM snapshots WHERE id = ?", id) == 1;
    }

    private List<Snapshot> select(String sql, Object... args) throws SQLException {
        List<Snapshot> snapshots = new ArrayList<>();
        try (PreparedStatement statement = tx.prepare(sql, args); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                snapshots.add(new Snapshot(rs.getString("id"), rs.getString("parent_id"),
                        Snapshot.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
                        Path.of(rs.getString("path")), Tx.instant(rs, "created_at")));
            }
        }
        return snapshots;
    }
}
