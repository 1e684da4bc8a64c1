package org.jbuildkit.daemon.worker.metadata;

import java.nio.file.Path;
import java.time.Instant;

/** Run in a child JVM by {@link MetadataCrashTest}: inserts until killed, printing each committed ID. */
public final class MetadataCrashChild {
    private MetadataCrashChild() {
    }

    public static void main(String[] args) {
        MetadataStore store = MetadataStore.open(Path.of(args[0]));
        for (int i = 0; ; i++) {
            RecordId id = RecordId.newId();
            int n = i;
            store.transaction(tx -> {
                tx.cacheRecords().insert(CacheRecord.builder(id, RecordType.REGULAR).description("row " + n)
                        .size((long) n).build());
                tx.cacheKeys().add(new CacheKeyResult(MetadataStoreTest.digest("key " + n), 0, id, Instant.now()));
                return null;
            });
            System.out.println(id);
            System.out.flush();
        }
    }
}
