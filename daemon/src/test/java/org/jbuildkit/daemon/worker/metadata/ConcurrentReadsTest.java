package org.jbuildkit.daemon.worker.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentReadsTest {
    @TempDir
    Path root;

    @Test
    void readersSeeWholeTransactionsWhileAWriterCommits() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try (MetadataStore store = MetadataStore.open(root)) {
            AtomicBoolean writing = new AtomicBoolean(true);
            Future<Integer> writer = pool.submit(() -> {
                int n = 0;
                for (; n < 120; n++) {
                    int i = n;
                    store.transaction(tx -> {
                        RecordId id = RecordId.newId();
                        tx.cacheRecords().insert(CacheRecord.builder(id, RecordType.REGULAR).build());
                        tx.cacheKeys().add(new CacheKeyResult(MetadataStoreTest.digest("k" + i), 0, id, Instant.now()));
                        return null;
                    });
                }
                writing.set(false);
                return n;
            });
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                readers.add(pool.submit(() -> {
                    int reads = 0;
                    int last = 0;
                    while (writing.get() || reads == 0) {
                        int[] counts = store.read(tx -> {
                            int records = tx.cacheRecords().all().size();
                            int rows = tx.usage().all().size();
                            return new int[] {records, rows};
                        });
                        assertThat(counts[1]).isEqualTo(counts[0]);
                        assertThat(counts[0]).isGreaterThanOrEqualTo(last);
                        last = counts[0];
                        reads++;
                    }
                    return reads;
                }));
            }
            assertThat(writer.get()).isEqualTo(120);
            for (Future<Integer> reader : readers) {
                assertThat(reader.get()).isPositive();
            }
            assertThat(store.read((Tx tx) -> tx.cacheRecords().all())).hasSize(120);
        } finally {
            pool.shutdownNow();
        }
    }
}
