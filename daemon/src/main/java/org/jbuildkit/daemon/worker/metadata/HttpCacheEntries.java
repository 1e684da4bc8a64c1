package org.jbuildkit.daemon.worker.metadata;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jbuildkit.registry.image.Digest;

/** The {@code http_cache} table: one row per HTTP(S) source request, replaced by each new answer. */
public final class HttpCacheEntries {
    private final Tx tx;

    HttpCacheEntries(Tx tx) {
        this.tx = tx;
    }

    public Optional<HttpCacheEntry> get(String requestKey) throws SQLException {
        try (PreparedStatement statement = tx.prepare("SELECT request_key, url, etag, last_modified, digest, size,"
                + " filename, checked_at FROM http_cache WHERE request_key = ?", requestKey);
                ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new HttpCacheEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    Digest.parse(rs.getString(5)), rs.getLong(6), rs.getString(7), Tx.instant(rs, "checked_at")));
        }
    }

    /** Stores the entry, replacing what the same request answered before. */
    public void put(HttpCacheEntry entry) throws SQLException {
        tx.update("INSERT OR REPLACE INTO http_cache (request_key, url, etag, last_modified, digest, size, filename,"
                + " checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", entry.requestKey(), entry.url(), entry.etag(),
                entry.lastModified(), entry.digest(), entry.size(), entry.filename(), entry.checkedAt());
    }

    public boolean remove(String requestKey) throws SQLException {
        return tx.update("DELETE FROM http_cache WHERE request_key = ?", requestKey) == 1;
    }
}
