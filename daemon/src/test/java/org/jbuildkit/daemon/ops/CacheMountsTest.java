package org.jbuildkit.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jbuildkit.api.pb.CacheSharingOpt;
import org.jbuildkit.daemon.worker.metadata.MetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Sharing modes of cache-mount directories within one daemon process. */
@Timeout(30)
class CacheMountsTest {
    @TempDir
    Path temp;
    private MetadataStore store;

    private CacheMounts caches() {
        store = MetadataStore.open(temp.resolve("root"));
        return new CacheMounts(temp, new CacheMountRecords(store, Clock.systemUTC()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void sharedStepsGetTheSameDirectoryAtOnce() throws Exception {
        CacheMounts caches = caches();
        try (var a = caches.acquire("go", CacheSharingOpt.SHARED, "cached mount /go");
                var b = caches.acquire("go", CacheSharingOpt.SHARED, "cached mount /go")) {
            assertThat(a.dir()).isEqualTo(b.dir()).isDirectory()
                    .isEqualTo(temp.resolve(OpDigests.of("go").replace("sha256:", "")));
        }
    }

    @Test
    void lockedStepsWaitForThePreviousHolder() throws Exception {
        CacheMounts caches = caches();
        var first = caches.acquire("apt", CacheSharingOpt.LOCKED, "cached mount /apt");
        CompletableFuture<Path> second = CompletableFuture.supplyAsync(() -> {
            try (var lease = caches.acquire("apt", CacheSharingOpt.LOCKED, "cached mount /apt")) {
                return lease.dir();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> second.get(300, TimeUnit.MILLISECONDS))
                .isInstanceOf(TimeoutException.class);
        first.close();
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(first.dir());
    }

    @Test
    void aPrivateStepGetsAFreshDirectoryWhileTheSharedOneIsInUseAndItIsRemovedAfterwards() throws Exception {
        CacheMounts caches = caches();
        try (var shared = caches.acquire("npm", CacheSharingOpt.PRIVATE, "cached mount /npm")) {
            Path fresh;
            try (var other = caches.acquire("npm", CacheSharingOpt.PRIVATE, "cached mount /npm")) {
                fresh = other.dir();
                assertThat(fresh).isNotEqualTo(shared.dir()).isDirectory();
                Files.writeString(fresh.resolve("f"), "x");
            }
            assertThat(fresh).doesNotExist();
        }
        try (var again = caches.acquire("npm", CacheSharingOpt.PRIVATE, "cached mount /npm")) {
            assertThat(again.dir()).isEqualTo(temp.resolve(OpDigests.of("npm").replace("sha256:", "")));
        }
    }
}
