package org.jbuildkit.daemon.worker.metadata;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the worker remembers about one cache record (upstream's cacheRecord metadata).
 *
 * @param snapshotId the snapshot holding the record's files, null for a blob-only record
 * @param directory the plain directory holding the record's files when they are not a snapshot (a cache
 *     mount, which steps write in place), else null
 * @param lastUsedAt null until first used
 * @param size bytes on disk, null until computed
 * @param blob the layer's blob once it has been exported or pulled, else null
 */
public record CacheRecord(RecordId id, List<RecordParent> parents, String snapshotId, Path directory, RecordType type,
        String description, Instant createdAt, Instant lastUsedAt, int usageCount, Long size, boolean mutable,
        boolean shared, LayerBlob blob) {

    public CacheRecord {
        parents = List.copyOf(parents);
        description = description == null ? "" : description;
        if (id == null || type == null || createdAt == null) {
            throw new IllegalArgumentException("a cache record needs an id, a type and a creation time");
        }
    }

    public static Builder builder(RecordId id, RecordType type) {
        return new Builder(id, type);
    }

    /**
     * Builds a new record; unset fields: no parents, no snapshot or directory, created now, immutable,
     * size unknown.
     */
    public static final class Builder {
        private final RecordId id;
        private final RecordType type;
        private final List<RecordParent> parents = new ArrayList<>();
        private String snapshotId;
        private Path directory;
        private String description = "";
        private Instant createdAt = Instant.now();
        private Instant lastUsedAt;
        private int usageCount;
        private Long size;
        private boolean mutable;
        private boolean shared;
        private LayerBlob blob;

        private Builder(RecordId id, RecordType type) {
            this.id = id;
            this.type = type;
        }

        public Builder parent(RecordParent parent) {
            parents.add(parent);
            return this;
        }

        public Builder snapshotId(String value) {
            snapshotId = value;
            return this;
        }

        public Builder directory(Path value) {
            directory = value;
            return this;
        }

        public Builder description(String value) {
            description = value;
            return this;
        }

        public Builder createdAt(Instant value) {
            createdAt = value;
            return this;
        }

        public Builder lastUsed(Instant at, int count) {
            lastUsedAt = at;
            usageCount = count;
            return this;
        }

        public Builder size(Long value) {
            size = value;
            return this;
        }

        public Builder mutable(boolean value) {
            mutable = value;
            return this;
        }

        public Builder shared(boolean value) {
            shared = value;
            return this;
        }

        public Builder blob(LayerBlob value) {
            blob = value;
            return this;
        }

        public CacheRecord build() {
            return new CacheRecord(id, parents, snapshotId, directory, type, description, createdAt, lastUsedAt,
                    usageCount, size, mutable, shared, blob);
        }
    }
}
