package org.jbuildkit.daemon.worker.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.image.MediaTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataStoreTest {
    @TempDir
    Path root;

    static Digest digest(String text) {
        return Digest.sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void everythingWrittenSurvivesCloseAndReopen() {
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RecordId base = RecordId.newId();
        RecordId layer = RecordId.newId();
        LayerBlob blob = new LayerBlob(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, digest("gz"), 123), digest("tar"));
        try (MetadataStore store = MetadataStore.open(root)) {
            store.transaction(tx -> {
                tx.snapshots().add(new Snapshot("s1", null, Snapshot.Kind.COMMITTED, root.resolve("snap/1"), created));
                tx.snapshots().add(new Snapshot("s2", "s1", Snapshot.Kind.ACTIVE, root.resolve("snap/2"), created));
                tx.cacheRecords().insert(CacheRecord.builder(base, RecordType.REGULAR).snapshotId("s1")
                        .description("pulled busybox").createdAt(created).size(4096L).blob(blob).build());
                tx.cacheRecords().insert(CacheRecord.builder(layer, RecordType.CACHE_MOUNT).snapshotId("s2")
                        .parent(RecordParent.layer(base)).mutable(true).createdAt(created).build());
                tx.cacheRecords().markUsed(layer, created.plusSeconds(5));
                tx.cacheKeys().add(new CacheKeyResult(digest("key"), 0, base, created));
                return null;
            });
        }
        assertThat(root.resolve("metadata.db")).isRegularFile();
        try (MetadataStore store = MetadataStore.open(root)) {
            CacheRecord readBase = store.read(tx -> tx.cacheRecords().get(base)).orElseThrow();
            assertThat(readBase.blob()).isEqualTo(blob);
            assertThat(readBase.size()).isEqualTo(4096L);
            assertThat(readBase.description()).isEqualTo("pulled busybox");
            CacheRecord readLayer = store.read(tx -> tx.cacheRecords().get(layer)).orElseThrow();
            assertThat(readLayer.parents()).containsExactly(RecordParent.layer(base));
            assertThat(readLayer.type()).isEqualTo(RecordType.CACHE_MOUNT);
            assertThat(readLayer.mutable()).isTrue();
            assertThat(readLayer.size()).isNull();
            assertThat(readLayer.usageCount()).isEqualTo(1);
            assertThat(readLayer.lastUsedAt()).isEqualTo(created.plusSeconds(5));
            assertThat(readLayer.createdAt()).isEqualTo(created);
            assertThat(store.read((Tx tx) -> tx.cacheKeys().results(digest("key"), 0)))
                    .containsExactly(new CacheKeyResult(digest("key"), 0, base, created));
            assertThat(store.read((Tx tx) -> tx.snapshots().chain("s2"))).extracting(Snapshot::id).containsExactly("s2", "s1");
            assertThat(store.integrityCheck()).isEqualTo("ok");
        }
    }

    @Test
    void anEmptyFileIsMigratedToTheLatestSchema() throws Exception {
        Files.createFile(root.resolve("metadata.db"));
        try (MetadataStore store = MetadataStore.open(root)) {
            assertThat(store.schemaVersion()).isEqualTo(Migrations.latest());
            assertThat(store.read((Tx tx) -> tx.cacheRecords().all())).isEmpty();
        }
        try (MetadataStore store = MetadataStore.open(root)) {
            assertThat(store.schemaVersion()).isEqualTo(Migrations.latest());
        }
        assertThat(root.resolve("tmp")).isDirectory();
    }

    @Test
    void aVersion3DatabaseGainsCacheMountDirectoriesAndKeepsItsRecords() throws Exception {
        RecordId old = RecordId.newId();
        try (MetadataStore store = MetadataStore.open(root)) {
            store.transaction(tx -> {
                tx.cacheRecords().insert(CacheRecord.builder(old, RecordType.REGULAR).snapshotId("s1").build());
                return null;
            });
        }
        // Back to what jbuildkit wrote before step 4: no directory column.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("metadata.db"));
                Statement s = c.createStatement()) {
            s.execute("DROP INDEX cache_records_directory");
            s.execute("ALTER TABLE cache_records DROP COLUMN directory");
            s.execute("PRAGMA user_version = 3");
        }
        try (MetadataStore store = MetadataStore.open(root)) {
            assertThat(store.schemaVersion()).isEqualTo(4);
            CacheRecord kept = store.read(tx -> tx.cacheRecords().get(old)).orElseThrow();
            assertThat(kept.snapshotId()).isEqualTo("s1");
            assertThat(kept.directory()).isNull();
            RecordId mount = RecordId.newId();
            Path dir = root.resolve("cachemounts/abc");
            store.transaction(tx -> {
                tx.cacheRecords().insert(CacheRecord.builder(mount, RecordType.CACHE_MOUNT).directory(dir)
                        .mutable(true).build());
                return null;
            });
            assertThat(store.read(tx -> tx.cacheRecords().byDirectory(dir)).map(CacheRecord::id)).contains(mount);
            assertThat(store.read((Tx tx) -> tx.cacheRecords().directoryOf(mount))).contains(dir);
        }
    }

    @Test
    void onlyOneLiveRecordNamesADirectory() {
        try (MetadataStore store = MetadataStore.open(root)) {
            Path dir = root.resolve("cachemounts/abc");
            RecordId first = RecordId.newId();
            store.transaction(tx -> {
                tx.cacheRecords().insert(CacheRecord.builder(first, RecordType.CACHE_MOUNT).directory(dir).build());
                return null;
            });
            assertThatThrownBy(() -> store.transaction(tx -> {
                tx.cacheRecords().insert(CacheRecord.builder(RecordId.newId(), RecordType.CACHE_MOUNT)
                        .directory(dir).build());
                return null;
            })).isInstanceOf(MetadataException.class).hasMessageContaining("UNIQUE");
            store.transaction(tx -> tx.cacheRecords().markDeleted(first));
            RecordId second = RecordId.newId();
            store.transaction(tx -> {
                tx.cacheRecords().insert(CacheRecord.builder(second, RecordType.CACHE_MOUNT).directory(dir).build());
                return null;
            });
            assertThat(store.read(tx -> tx.cacheRecords().byDirectory(dir)).map(CacheRecord::id)).contains(second);
            assertThat(store.read((Tx tx) -> tx.cacheRecords().directoryOf(first))).contains(dir);
        }
    }

    @Test
    void aDatabaseFromANewerVersionIsRefusedWithTheFix() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("metadata.db"));
                Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 99");
        }
        assertThatThrownBy(() -> MetadataStore.open(root))
                .isInstanceOf(MetadataException.class)
                .hasMessageContaining("schema version 99")
                .hasMessageContaining("fix: ");
    }

    @Test
    void aFailingTransactionLeavesNoTrace() {
        try (MetadataStore store = MetadataStore.open(root)) {
            RecordId id = RecordId.newId();
            assertThatThrownBy(() -> store.transaction(tx -> {
                tx.cacheRecords().insert(CacheRecord.builder(id, RecordType.REGULAR).build());
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            assertThat(store.read((Tx tx) -> tx.cacheRecords().get(id))).isEmpty();
            RecordId orphan = RecordId.newId();
            assertThatThrownBy(() -> store.transaction(tx -> {
                tx.cacheRecords().insert(CacheRecord.builder(orphan, RecordType.REGULAR)
                        .parent(RecordParent.layer(RecordId.newId())).build());
                return null;
            })).isInstanceOf(MetadataException.class).hasMessageContaining(store.path().toString());
            assertThat(store.read((Tx tx) -> tx.cacheRecords().all())).isEmpty();
        }
    }

    @Test
    void aTransactionInsideATransactionJoinsIt() {
        try (MetadataStore store = MetadataStore.open(root)) {
            RecordId id = RecordId.newId();
            int seen = store.transaction(tx -> {
                store.transaction(inner -> {
                    inner.cacheRecords().insert(CacheRecord.builder(id, RecordType.REGULAR).build());
                    return null;
                });
                return store.read(inner -> inner.cacheRecords().all().size());
            });
            assertThat(seen).isEqualTo(1);
            assertThatThrownBy(() -> store.read(tx -> store.transaction(inner -> null)))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void recordIdsLookLikeUpstreams() {
        for (int i = 0; i < 200; i++) {
            assertThat(RecordId.newId().value()).matches("[0-9a-z]{25}");
        }
        assertThatThrownBy(() -> new RecordId("short")).hasMessageContaining("25");
    }
}
