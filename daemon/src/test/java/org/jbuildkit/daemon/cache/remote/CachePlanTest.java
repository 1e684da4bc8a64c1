package org.jbuildkit.daemon.cache.remote;

import static org.assertj.core.api.Assertions.assertThat;

import org.jbuildkit.api.control.CacheOptionsEntry;
import org.jbuildkit.api.control.Exporter;
import org.jbuildkit.api.control.SolveRequest;
import org.junit.jupiter.api.Test;

/** Planning a build's cache: a registry cache sent to the tag the image is pushed to goes inline instead. */
class CachePlanTest {
    private final RemoteCaches caches = new RemoteCaches(null, null, null, null, null, null, null);

    private static SolveRequest request(String imageName, String push, String cacheRef) {
        return SolveRequest.newBuilder()
                .addExporters(Exporter.newBuilder().setType("image").putAttrs("name", imageName)
                        .putAttrs("push", push))
                .setCache(org.jbuildkit.api.control.CacheOptions.newBuilder().addExports(CacheOptionsEntry.newBuilder()
                        .setType("registry").putAttrs("ref", cacheRef).putAttrs("mode", "max")))
                .build();
    }

    @Test
    void theSeedsSharedRefKeepsTheImageTagAndPutsTheCacheInline() throws Exception {
        CachePlan plan = caches.plan(request("127.0.0.1:5000/docker-local/test", "true",
                "127.0.0.1:5000/docker-local/test"));
        assertThat(plan.exportEntries()).singleElement().isInstanceOf(InlineCacheExport.class);
        assertThat(plan.warnings()).singleElement().asString().contains("also the pushed image's name")
                .contains("ref=127.0.0.1:5000/docker-local/test:buildcache");
    }

    @Test
    void aCacheWithItsOwnTagOrAnImageNotPushedIsLeftAlone() throws Exception {
        assertThat(caches.plan(request("127.0.0.1:5000/app", "true", "127.0.0.1:5000/app:cache")).exportEntries())
                .singleElement().isInstanceOf(RegistryCacheExport.class);
        assertThat(caches.plan(request("127.0.0.1:5000/app", "false", "127.0.0.1:5000/app")).exportEntries())
                .singleElement().isInstanceOf(RegistryCacheExport.class);
        assertThat(caches.plan(request("\"127.0.0.1:5000/a,127.0.0.1:5000/app:latest\"", "true",
                "127.0.0.1:5000/app")).warnings()).hasSize(1);
    }
}
