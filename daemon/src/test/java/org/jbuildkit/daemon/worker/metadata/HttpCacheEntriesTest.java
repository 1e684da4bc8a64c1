package org.jbuildkit.daemon.worker.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.jbuildkit.registry.image.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpCacheEntriesTest {
    @TempDir
    Path root;

    private static final Digest BODY = Digest.sha256("body".getBytes());

    @Test
    void anEntrySurvivesReopeningAndANewAnswerReplacesIt() {
        Instant at = Instant.ofEpochMilli(1_700_000_000_000L);
        HttpCacheEntry first = new HttpCacheEntry("https://h/f", "https://h/f", "\"v1\"", null, BODY, 4, "", at);
        try (MetadataStore store = MetadataStore.open(root)) {
            store.transaction(tx -> {
                tx.httpCache().put(first);
                return null;
            });
        }
        try (MetadataStore store = MetadataStore.open(root)) {
            assertThat(store.read((Tx tx) -> tx.httpCache().get("https://h/f"))).contains(first);
            HttpCacheEntry second = new HttpCacheEntry("https://h/f", "https://h/f", null,
                    "Tue, 14 Nov 2023 22:13:20 GMT", Digest.sha256("other".getBytes()), 5, "f.tgz", at.plusSeconds(1));
            store.transaction(tx -> {
                tx.httpCache().put(second);
                return null;
            });
            HttpCacheEntry read = store.read((Tx tx) -> tx.httpCache().get("https://h/f")).orElseThrow();
            assertThat(read).isEqualTo(second);
            assertThat(read.etagIfAny()).isEmpty();
            assertThat(store.read((Tx tx) -> tx.httpCache().get("https://h/other"))).isEmpty();
            assertThat(store.transaction((Tx tx) -> tx.httpCache().remove("https://h/f"))).isTrue();
            assertThat(store.read((Tx tx) -> tx.httpCache().get("https://h/f"))).isEmpty();
        }
    }
}
