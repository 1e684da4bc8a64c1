package org.jbuildkit.daemon.worker.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The step_runs table: one row per step name, replaced by each run. Names are as many as the
 * distinct steps ever run, so the oldest rows beyond {@link #MAX_STEPS} are dropped as new ones come.
 */
public final class StepRecords {
    /** Thousands of Dockerfiles' worth of steps; a row is a few hundred bytes. */
    static final int MAX_STEPS = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<StepRecord.Part>> PARTS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final Tx tx;

    StepRecords(Tx tx) {
        this.tx = tx;
    }

    /** Keeps the record as the last run under its name. */
    public void put(StepRecord record) throws SQLException {
        put(record, MAX_STEPS);
    }

    void put(StepRecord record, int maxSteps) throws SQLException {
        tx.update("INSERT INTO step_runs (name, cache_key, op_digest, parts, inputs, recorded_at)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET cache_key = excluded.cache_key,"
                + " op_digest = excluded.op_digest, parts = excluded.parts, inputs = excluded.inputs,"
                + " recorded_at = excluded.recorded_at",
                record.name(), record.cacheKey(), record.opDigest(), json(record.parts()), json(record.inputs()),
                record.recordedAt());
        tx.update("DELETE FROM step_runs WHERE (SELECT count(*) FROM step_runs) > ? AND name IN"
                + " (SELECT name FROM step_runs ORDER BY recorded_at DESC, name LIMIT -1 OFFSET ?)", maxSteps, maxSteps);
    }

    public Optional<StepRecord> get(String name) throws SQLException {
        try (PreparedStatement statement = tx.prepare("SELECT name, cache_key, op_digest, parts, inputs, recorded_at"
                + " FROM step_runs WHERE name = ?", name); ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new StepRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                        JSON.readValue(rs.getString(4), PARTS), JSON.readValue(rs.getString(5), STRINGS),
                        Tx.instant(rs, "recorded_at")));
            } catch (JsonProcessingException e) {
                throw new SQLException("step_runs row for '" + name + "' is not valid JSON: " + e.getOriginalMessage(),
                        e);
            }
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a step record as JSON", e);
        }
    }
}
