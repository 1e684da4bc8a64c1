package org.jbuildkit.daemon.worker.metadata;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * One open transaction: the tables' repositories, all reading and writing through it. Valid only inside
 * the {@link MetadataStore#transaction} or {@link MetadataStore#read} call that handed it out.
 */
public final class Tx {
    private final Connection connection;
    private final boolean readOnly;

    Tx(Connection connection, boolean readOnly) {
        this.connection = connection;
        this.readOnly = readOnly;
    }

    public CacheRecords cacheRecords() {
        return new CacheRecords(this);
    }

    /** The {@code du} and GC view of the cache records. */
    public CacheUsage usage() {
        return new CacheUsage(this);
    }

    public CacheKeys cacheKeys() {
        return new CacheKeys(this);
    }

    public Snapshots snapshots() {
        return new Snapshots(this);
    }

    public Leases leases() {
        return new Leases(this);
    }

    /** What HTTP(S) sources answered last, for conditional requests. */
    public HttpCacheEntries httpCache() {
        return new HttpCacheEntries(this);
    }

    /** The last run of each step by name, for the cache explainer. */
    public StepRecords stepRecords() {
        return new StepRecords(this);
    }

    public boolean readOnly() {
        return readOnly;
    }

    PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (arg == null) {
                statement.setNull(i + 1, Types.NULL);
            } else if (arg instanceof Instant at) {
                statement.setLong(i + 1, at.toEpochMilli());
            } else if (arg instanceof Boolean b) {
                statement.setInt(i + 1, b ? 1 : 0);
            } else if (arg instanceof Long || arg instanceof Integer) {
                statement.setLong(i + 1, ((Number) arg).longValue());
            } else {
                statement.setString(i + 1, arg.toString());
            }
        }
        return statement;
    }

    int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = prepare(sql, args)) {
            return statement.executeUpdate();
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
