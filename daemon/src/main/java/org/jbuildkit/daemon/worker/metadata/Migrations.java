package org.jbuildkit.daemon.worker.metadata;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema, as numbered steps kept in {@code PRAGMA user_version}. Steps are only ever appended:
 * step N turns a version N-1 database into version N.
 */
final class Migrations {
    private static final List<String> STEPS = List.of(
            """
            CREATE TABLE cache_records (
              id TEXT PRIMARY KEY,
              record_type TEXT NOT NULL,
              description TEXT NOT NULL DEFAULT '',
              snapshot_id TEXT,
              created_at INTEGER NOT NULL,
              last_used_at INTEGER,
              usage_count INTEGER NOT NULL DEFAULT 0,
              size INTEGER,
              mutable INTEGER NOT NULL,
              shared INTEGER NOT NULL DEFAULT 0,
              blob_digest TEXT,
              blob_media_type TEXT,
              blob_size INTEGER,
              diff_id TEXT,
              deleted INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX cache_records_last_used ON cache_records(last_used_at);
            CREATE INDEX cache_records_snapshot ON cache_records(snapshot_id);
            CREATE TABLE cache_record_parents (
              record_id TEXT NOT NULL REFERENCES cache_records(id) ON DELETE CASCADE,
              position INTEGER NOT NULL,
              parent_id TEXT NOT NULL REFERENCES cache_records(id),
              role TEXT NOT NULL,
              PRIMARY KEY (record_id, position)
            );
            CREATE INDEX cache_record_parents_parent ON cache_record_parents(parent_id);
            CREATE TABLE cache_keys (
              key_digest TEXT NOT NULL,
              output_index INTEGER NOT NULL,
              record_id TEXT NOT NULL REFERENCES cache_records(id) ON DELETE CASCADE,
              created_at INTEGER NOT NULL,
              PRIMARY KEY (key_digest, output_index, record_id)
            );
            CREATE INDEX cache_keys_record ON cache_keys(record_id);
            CREATE TABLE snapshots (
              id TEXT PRIMARY KEY,
              parent_id TEXT REFERENCES snapshots(id),
              kind TEXT NOT NULL CHECK (kind IN ('active', 'committed')),
              path TEXT NOT NULL,
              created_at INTEGER NOT NULL
            );
            CREATE INDEX snapshots_parent ON snapshots(parent_id);
            CREATE TABLE leases (
              id TEXT PRIMARY KEY,
              build_ref TEXT NOT NULL,
              created_at INTEGER NOT NULL
            );
            CREATE TABLE lease_records (
              lease_id TEXT NOT NULL REFERENCES leases(id) ON DELETE CASCADE,
              record_id TEXT NOT NULL REFERENCES cache_records(id),
              refs INTEGER NOT NULL CHECK (refs > 0),
              PRIMARY KEY (lease_id, record_id)
            );
            CREATE INDEX lease_records_record ON lease_records(record_id)
            """,
            // 2: what each HTTP(S) source answered last, for conditional requests (ETag / Last-Modified).
            """
            CREATE TABLE http_cache (
              request_key TEXT PRIMARY KEY,
              url TEXT NOT NULL,
              etag TEXT,
              last_modified TEXT,
              digest TEXT NOT NULL,
              size INTEGER NOT NULL,
              filename TEXT NOT NULL DEFAULT '',
              checked_at INTEGER NOT NULL
            )
            """,
            // 3: the last run of each step by name, to explain the next cache miss under that name.
            """
            CREATE TABLE step_runs (
              name TEXT PRIMARY KEY,
              cache_key TEXT NOT NULL,
              op_digest TEXT NOT NULL,
              parts TEXT NOT NULL,
              inputs TEXT NOT NULL,
              recorded_at INTEGER NOT NULL
            );
            CREATE INDEX step_runs_recorded ON step_runs(recorded_at)
            """,
            // 4: a record whose files are a plain directory, not a snapshot (a cache mount). One live
            // record per directory, so a cache mount's ID always finds the same record.
            """
            ALTER TABLE cache_records ADD COLUMN directory TEXT;
            CREATE UNIQUE INDEX cache_records_directory ON cache_records(directory) WHERE deleted = 0
            """);

    private Migrations() {
    }

    /** The version this code writes. */
    static int latest() {
        return STEPS.size();
    }

    static int version(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** Brings the database to {@link #latest()} in one transaction; refuses one written by a newer jbuildkit. */
    static void apply(Connection connection, Path db) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                int version = version(connection);
                if (version > latest()) {
                    throw new MetadataException("metadata store " + db + " has schema version " + version
                            + ", newer than this jbuildkit knows (" + latest() + ")\nfix: run the jbuildkit that"
                            + " wrote it, or move " + db + " aside to start with an empty build cache", null);
                }
                for (int step = version; step < latest(); step++) {
                    for (String sql : STEPS.get(step).split(";")) {
                        if (!sql.isBlank()) {
                            s.execute(sql);
                        }
                    }
                    s.execute("PRAGMA user_version = " + (step + 1));
                }
                s.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        }
    }
}
