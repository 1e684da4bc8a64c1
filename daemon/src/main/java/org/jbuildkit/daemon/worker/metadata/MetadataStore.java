package org.jbuildkit.daemon.worker.metadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * The worker's metadata (cache records, cache keys, snapshot chains, leases) in SQLite at
 * {@code <root>/metadata.db}. SQLite because it is one embedded file with real transactions, crash
 * recovery through its write-ahead log and an integrity check, and the JDBC driver is a single jar.
 * One writer connection serialises writes; a few read-only connections read concurrently in WAL mode.
 */
public final class MetadataStore implements AutoCloseable {
    private static final int READERS = 4;
    private static final int BUSY_TIMEOUT_MS = 10_000;

    private final Path db;
    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final ThreadLocal<Tx> current = new ThreadLocal<>();
    private volatile boolean closed;

    private MetadataStore(Path db, Connection writer, List<Connection> readers) {
        this.db = db;
        this.writer = writer;
        this.readers.addAll(readers);
    }

    /**
     * Opens (creating and migrating as needed) {@code <root>/metadata.db}. Points SQLite's native
     * library extraction at {@code <root>/tmp} unless {@code org.sqlite.tmpdir} is already set, so a
     * killed daemon leaves its leftovers under its own root.
     */
    public static MetadataStore open(Path root) {
        Path db = root.resolve("metadata.db");
        try {
            Path tmp = root.resolve("tmp");
            Files.createDirectories(tmp);
            if (System.getProperty("org.sqlite.tmpdir") == null) {
                System.setProperty("org.sqlite.tmpdir", tmp.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the daemon directory " + root + ": " + e.getMessage(), e);
        }
        List<Connection> opened = new ArrayList<>();
        try {
            Connection writer = connect(db, false);
            opened.add(writer);
            Migrations.apply(writer, db);
            List<Connection> readers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                Connection reader = connect(db, true);
                opened.add(reader);
                readers.add(reader);
            }
            return new MetadataStore(db, writer, readers);
        } catch (SQLException e) {
            closeQuietly(opened);
            throw MetadataException.of(db, "opening", e);
        } catch (RuntimeException e) {
            closeQuietly(opened);
            throw e;
        }
    }

    private static Connection connect(Path db, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        if (readOnly) {
            config.setReadOnly(true);
        } else {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        }
        return config.createConnection("jdbc:sqlite:" + db);
    }

    public Path path() {
        return db;
    }

    /**
     * Runs {@code work} in one write transaction and commits it; rolls back if it throws. Writers take
     * turns. A call from inside another transaction on the same thread joins it.
     */
    public <T> T transaction(TxFunction<T> work) {
        Tx joined = current.get();
        if (joined != null) {
            if (joined.readOnly()) {
                throw new IllegalStateException("a write transaction cannot start inside a read of " + db);
            }
            return applyJoined(work, joined);
        }
        writeLock.lock();
        try {
            ensureOpen();
            return run(writer, false, "BEGIN IMMEDIATE", "COMMIT", work);
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs {@code work} on a consistent read-only view; many reads run at once, alongside a writer. */
    public <T> T read(TxFunction<T> work) {
        Tx joined = current.get();
        if (joined != null) {
            return applyJoined(work, joined);
        }
        ensureOpen();
        Connection reader;
        try {
            reader = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetadataException("interrupted waiting to read " + db, e);
        }
        try {
            ensureOpen();
            return run(reader, true, "BEGIN", "ROLLBACK", work);
        } finally {
            readers.add(reader);
        }
    }

    private <T> T applyJoined(TxFunction<T> work, Tx tx) {
        try {
            return work.apply(tx);
        } catch (SQLException e) {
            throw MetadataException.of(db, "a nested transaction", e);
        }
    }

    private <T> T run(Connection connection, boolean readOnly, String begin, String end, TxFunction<T> work) {
        Tx tx = new Tx(connection, readOnly);
        try (Statement statement = connection.createStatement()) {
            statement.execute(begin);
            current.set(tx);
            boolean done = false;
            try {
                T result = work.apply(tx);
                statement.execute(end);
                done = true;
                return result;
            } finally {
                current.remove();
                if (!done) {
                    rollback(statement);
                }
            }
        } catch (SQLException e) {
            throw MetadataException.of(db, readOnly ? "a read" : "a transaction", e);
        }
    }

    private static void rollback(Statement statement) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // SQLite already rolled back (e.g. after SQLITE_FULL); the original failure is what matters.
        }
    }

    /** SQLite's {@code PRAGMA integrity_check}: "ok", or the problems it found, one a line. */
    public String integrityCheck() {
        return read(tx -> {
            List<String> lines = new ArrayList<>();
            try (var statement = tx.prepare("PRAGMA integrity_check"); ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
            return String.join("\n", lines);
        });
    }

    /** The schema version of the open database. */
    public int schemaVersion() {
        writeLock.lock();
        try {
            ensureOpen();
            return Migrations.version(writer);
        } catch (SQLException e) {
            throw MetadataException.of(db, "reading the schema version", e);
        } finally {
            writeLock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("metadata store " + db + " is closed");
        }
    }

    /** Waits for running reads and the running write, then closes every connection. */
    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            List<Connection> all = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                all.add(readers.take());
            }
            all.add(writer);
            closeQuietly(all);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            writeLock.unlock();
        }
    }

    private static void closeQuietly(List<Connection> connections) {
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing; nothing left to do with this connection
            }
        }
    }
}
