package org.jbuildkit.daemon.worker.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheUsageTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path root;
    MetadataStore store;
    RecordId base = RecordId.newId();
    RecordId run = RecordId.newId();
    RecordId cacheMount = RecordId.newId();
    RecordId local = RecordId.newId();
    RecordId frontend = RecordId.newId();

    @BeforeEach
    void populate() {
        store = MetadataStore.open(root);
        store.transaction(tx -> {
            CacheRecords records = tx.cacheRecords();
            records.insert(CacheRecord.builder(base, RecordType.REGULAR).description("pull busybox").size(1000L)
                    .createdAt(T0).lastUsed(T0.plusSeconds(10), 1).build());
            records.insert(CacheRecord.builder(run, RecordType.REGULAR).description("RUN make")
                    .parent(RecordParent.layer(base)).size(200L).createdAt(T0.plusSeconds(1))
                    .lastUsed(T0.plusSeconds(30), 3).build());
            records.insert(CacheRecord.builder(cacheMount, RecordType.CACHE_MOUNT).description("cache mount /go")
                    .mutable(true).size(50L).createdAt(T0.plusSeconds(2)).build());
            records.insert(CacheRecord.builder(local, RecordType.LOCAL_SOURCE).description("local context")
                    .shared(true).size(7L).createdAt(T0.plusSeconds(3)).lastUsed(T0.plusSeconds(5), 1).build());
            records.insert(CacheRecord.builder(frontend, RecordType.FRONTEND).createdAt(T0.plusSeconds(4)).build());
            return null;
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<RecordId> matching(String... filters) {
        return store.read(tx -> tx.usage().matching(RecordFilter.parse(filters))).stream().map(UsageRow::id).toList();
    }

    @Test
    void separateFilterStringsAreOredAndClausesAnded() {
        assertThat(matching()).containsExactly(base, run, cacheMount, local, frontend);
        assertThat(matching("type==regular")).containsExactly(base, run);
        assertThat(matching("type==source.local", "type==exec.cachemount")).containsExactly(cacheMount, local);
        assertThat(matching("type==regular,description~=^RUN")).containsExactly(run);
        assertThat(matching("type!=regular,mutable")).containsExactly(cacheMount);
        assertThat(matching("immutable,private")).containsExactly(base, run, frontend);
        assertThat(matching("shared==true")).containsExactly(local);
        assertThat(matching("parents==" + base)).containsExactly(run);
        assertThat(matching("id==" + frontend)).containsExactly(frontend);
        assertThat(matching("description")).containsExactly(base, run, cacheMount, local);
    }

    @Test
    void severalTypeEqualsInOneStringMeanAnyOfThoseTypes() {
        assertThat(matching("type==source.local,type==exec.cachemount,type==source.git.checkout"))
                .containsExactly(cacheMount, local);
        assertThat(matching("type==regular,type==frontend,description~=busybox")).containsExactly(base);
    }

    @Test
    void unknownFieldsAndBadRegexpsAreRejectedWithTheFix() {
        assertThatThrownBy(() -> RecordFilter.parse("size>10"))
                .hasMessageContaining("'size>10' is not understood")
                .hasMessageContaining("fix: ");
        assertThatThrownBy(() -> RecordFilter.parse("description~=(")).hasMessageContaining("bad regular expression");
        assertThat(RecordFilter.parse("description~=\"a,b\"")).isNotNull();
    }

    @Test
    void aLeasedRecordAndItsParentsAreInUseAndAMutableInUseOneReportsNoSize() {
        store.transaction(tx -> {
            Lease lease = tx.leases().create("build-1", T0);
            tx.leases().acquire(lease.id(), run);
            tx.leases().acquire(lease.id(), cacheMount);
            tx.leases().acquire(lease.id(), cacheMount);
            return null;
        });
        assertThat(matching("inuse")).containsExactly(base, run, cacheMount);
        UsageRow mount = store.read(tx -> tx.usage().matching(RecordFilter.parse("id==" + cacheMount))).get(0);
        assertThat(mount.size()).isZero();
        assertThat(store.read((Tx tx) -> tx.leases().refCount(cacheMount))).isEqualTo(2);
        assertThat(store.read((Tx tx) -> tx.usage().pruneCandidates(RecordFilter.all(), true, null)))
                .extracting(UsageRow::id).containsExactly(frontend, local);
        assertThatThrownBy(() -> store.transaction(tx -> tx.cacheRecords().delete(run)))
                .isInstanceOf(MetadataException.class);
        store.transaction(tx -> tx.leases().removeAll());
        assertThat(matching("inuse")).isEmpty();
    }

    @Test
    void pruneCandidatesFollowUpstreamsRulesAndLeastRecentlyUsedOrder() {
        List<RecordId> defaults = store.read(tx -> tx.usage().pruneCandidates(RecordFilter.all(), false, null))
                .stream().map(UsageRow::id).toList();
        // base has a child: it waits for it. frontend (not --all) and local (shared) are kept.
        assertThat(defaults).containsExactly(cacheMount, run);
        List<RecordId> keepRecent = store.read(tx -> tx.usage().pruneCandidates(RecordFilter.all(), true,
                T0.plusSeconds(20))).stream().map(UsageRow::id).toList();
        assertThat(keepRecent).containsExactly(cacheMount, frontend, local);
        assertThat(store.read((Tx tx) -> tx.usage().totalSize())).isEqualTo(1250);

        store.transaction(tx -> {
            tx.cacheRecords().markDeleted(run);
            return null;
        });
        assertThat(matching()).doesNotContain(run);
        assertThat(store.read((Tx tx) -> tx.cacheRecords().markedDeleted())).containsExactly(run);
        store.transaction(tx -> tx.cacheRecords().delete(run));
        assertThat(store.read((Tx tx) -> tx.usage().pruneCandidates(RecordFilter.parse("type==regular"), false, null)))
                .extracting(UsageRow::id).containsExactly(base);
    }

    @Test
    void usageRowsBecomeUpstreamUsageRecords() {
        UsageRow row = store.read(tx -> tx.usage().matching(RecordFilter.parse("id==" + run))).get(0);
        var record = row.toUsageRecord();
        assertThat(record.getID()).isEqualTo(run.value());
        assertThat(record.getParentsList()).containsExactly(base.value());
        assertThat(record.getRecordType()).isEqualTo("regular");
        assertThat(record.getUsageCount()).isEqualTo(3);
        assertThat(record.getSize()).isEqualTo(200);
        assertThat(record.getLastUsedAt().getSeconds()).isEqualTo(T0.plusSeconds(30).getEpochSecond());
    }
}
