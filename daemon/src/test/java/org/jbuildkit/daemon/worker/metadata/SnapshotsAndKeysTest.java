package org.jbuildkit.daemon.worker.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotsAndKeysTest {
    @TempDir
    Path root;

    @Test
    void snapshotChainsCommitAndProtectParents() {
        Instant now = Instant.now();
        try (MetadataStore store = MetadataStore.open(root)) {
            store.transaction(tx -> {
                Snapshots s = tx.snapshots();
                s.add(new Snapshot("a", null, Snapshot.Kind.COMMITTED, Path.of("/s/a"), now));
                s.add(new Snapshot("b", "a", Snapshot.Kind.COMMITTED, Path.of("/s/b"), now));
                s.add(new Snapshot("c", "b", Snapshot.Kind.ACTIVE, Path.of("/s/c"), now));
                return null;
            });
            assertThat(store.read((Tx tx) -> tx.snapshots().chain("c"))).extracting(Snapshot::id)
                    .containsExactly("c", "b", "a");
            assertThat(store.transaction((Tx tx) -> tx.snapshots().commit("c"))).isTrue();
            assertThat(store.transaction((Tx tx) -> tx.snapshots().commit("c"))).isFalse();
            assertThat(store.read((Tx tx) -> tx.snapshots().get("c")).orElseThrow().kind()).isEqualTo(Snapshot.Kind.COMMITTED);
            assertThat(store.read((Tx tx) -> tx.snapshots().children("a"))).extracting(Snapshot::id).containsExactly("b");
            assertThatThrownBy(() -> store.transaction(tx -> tx.snapshots().remove("b")))
                    .isInstanceOf(MetadataException.class);
            assertThat(store.transaction((Tx tx) -> tx.snapshots().remove("c"))).isTrue();
            assertThat(store.transaction((Tx tx) -> tx.snapshots().remove("b"))).isTrue();
        }
    }

    @Test
    void cacheKeysAreIdempotentAndGoWithTheirRecord() {
        Instant now = Instant.now();
        RecordId one = RecordId.newId();
        RecordId two = RecordId.newId();
        var key = MetadataStoreTest.digest("exec ls");
        try (MetadataStore store = MetadataStore.open(root)) {
            store.transaction(tx -> {
                tx.cacheRecords().insert(CacheRecord.builder(one, RecordType.REGULAR).build());
                tx.cacheRecords().insert(CacheRecord.builder(two, RecordType.REGULAR).build());
                tx.cacheKeys().add(new CacheKeyResult(key, 0, one, now));
                tx.cacheKeys().add(new CacheKeyResult(key, 0, one, now));
                tx.cacheKeys().add(new CacheKeyResult(key, 1, two, now));
                return null;
            });
            assertThat(store.read((Tx tx) -> tx.cacheKeys().results(key, 0))).extracting(CacheKeyResult::recordId)
                    .containsExactly(one);
            store.transaction(tx -> tx.cacheRecords().delete(one));
            assertThat(store.read((Tx tx) -> tx.cacheKeys().results(key, 0))).isEmpty();
            assertThat(store.read((Tx tx) -> tx.cacheKeys().results(key, 1))).hasSize(1);
        }
    }

    @Test
    void leaseReferencesCountUpAndDown() {
        RecordId id = RecordId.newId();
        try (MetadataStore store = MetadataStore.open(root)) {
            Lease lease = store.transaction(tx -> {
                tx.cacheRecords().insert(CacheRecord.builder(id, RecordType.REGULAR).build());
                Lease l = tx.leases().create("ref-1", Instant.now());
                tx.leases().acquire(l.id(), id);
                tx.leases().acquire(l.id(), id);
                return l;
            });
            assertThat(store.read((Tx tx) -> tx.leases().held(lease.id()))).containsEntry(id, 2);
            assertThat(store.transaction((Tx tx) -> tx.leases().release(lease.id(), id))).isTrue();
            assertThat(store.read((Tx tx) -> tx.leases().refCount(id))).isEqualTo(1);
            assertThat(store.transaction((Tx tx) -> tx.leases().release(lease.id(), id))).isTrue();
            assertThat(store.transaction((Tx tx) -> tx.leases().release(lease.id(), id))).isFalse();
            assertThat(store.transaction((Tx tx) -> tx.leases().remove(lease.id()))).isTrue();
            assertThat(store.read((Tx tx) -> tx.leases().all())).isEmpty();
        }
    }
}
