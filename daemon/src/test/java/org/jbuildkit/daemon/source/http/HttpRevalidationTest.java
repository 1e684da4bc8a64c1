package org.jbuildkit.daemon.source.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jbuildkit.daemon.worker.metadata.HttpCacheEntry;
import org.jbuildkit.registry.image.Digest;
import org.junit.jupiter.api.Test;

class HttpRevalidationTest {
    private static final String DATE = "Wed, 21 Oct 2015 07:28:00 GMT";

    private static HttpCacheEntry entry(String etag, String lastModified) {
        return new HttpCacheEntry("u", "u", etag, lastModified, Digest.sha256(new byte[0]), 0, "", Instant.EPOCH);
    }

    @Test
    void anEtagIsAskedForWithIfNoneMatchAndOnlyADateWithIfModifiedSince() {
        assertThat(HttpRevalidation.conditions(entry("\"v1\"", DATE))).isEqualTo(Map.of("If-None-Match", "\"v1\""));
        assertThat(HttpRevalidation.conditions(entry(null, DATE))).isEqualTo(Map.of("If-Modified-Since", DATE));
        assertThat(HttpRevalidation.conditions(entry(null, null))).isEmpty();
    }

    @Test
    void a304ConfirmsTheBodyWhenItsEtagMatchesWeaklyOrIsAbsent() {
        HttpCacheEntry tagged = entry("W/\"v1\"", null);
        assertThat(HttpRevalidation.confirms(tagged, 304, Optional.of("\"v1\""))).isTrue();
        assertThat(HttpRevalidation.confirms(tagged, 304, Optional.empty())).isTrue();
        assertThat(HttpRevalidation.confirms(tagged, 304, Optional.of("\"v2\""))).isFalse();
        assertThat(HttpRevalidation.confirms(tagged, 200, Optional.of("\"v1\""))).isFalse();
        assertThat(HttpRevalidation.confirms(entry(null, DATE), 304, Optional.empty())).isTrue();
        assertThat(HttpRevalidation.confirms(entry(null, null), 304, Optional.empty())).isFalse();
    }

    @Test
    void httpDatesInTheThreeFormatsGoAccepts() {
        Instant at = Instant.parse("2015-10-21T07:28:00Z");
        assertThat(HttpDates.parse(DATE)).contains(at);
        assertThat(HttpDates.parse("Wednesday, 21-Oct-15 07:28:00 GMT")).contains(at);
        assertThat(HttpDates.parse("Wed Oct 21 07:28:00 2015")).contains(at);
        assertThat(HttpDates.parse("yesterday")).isEmpty();
        assertThat(HttpDates.format(at)).isEqualTo(DATE);
    }
}
