package org.jbuildkit.daemon.source.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.jbuildkit.registry.image.Digest;
import org.junit.jupiter.api.Test;

class HttpIdentifierTest {
    private static final String SUM = "sha256:" + "a".repeat(64);

    @Test
    void upstreamAttrsAreRead() {
        HttpIdentifier id = HttpIdentifier.parse("https://example.com/a/b.tgz", Map.of("http.checksum", SUM,
                "http.filename", "c.tgz", "http.perm", "0755", "http.uid", "1000", "http.gid", "0x10"));
        assertThat(id.checksum()).isEqualTo(Digest.parse(SUM));
        assertThat(id.filename()).isEqualTo("c.tgz");
        assertThat(id.perm()).isEqualTo(0755);
        assertThat(id.mode()).isEqualTo(0755);
        assertThat(id.uid()).isEqualTo(1000);
        assertThat(id.gid()).isEqualTo(16);
    }

    @Test
    void withoutPermTheFileGetsUpstreamsPrivateMode() {
        HttpIdentifier id = HttpIdentifier.parse("http://example.com/f", Map.of());
        assertThat(id.checksum()).isNull();
        assertThat(id.mode()).isEqualTo(0600);
    }

    @Test
    void numbersAreReadAsGoReadsThem() {
        assertThat(HttpIdentifier.integer(Map.of("k", "420"), "k", "u")).isEqualTo(0644);
        assertThat(HttpIdentifier.integer(Map.of("k", "0o644"), "k", "u")).isEqualTo(0644);
        assertThat(HttpIdentifier.integer(Map.of("k", "0b111"), "k", "u")).isEqualTo(7);
        assertThat(HttpIdentifier.integer(Map.of("k", "0"), "k", "u")).isZero();
        assertThatThrownBy(() -> HttpIdentifier.integer(Map.of("k", "0999"), "k", "https://h/f"))
                .isInstanceOf(HttpSourceException.class).hasMessageContaining("k '0999' of https://h/f is not a number");
    }

    @Test
    void badChecksumsUrlsAndUnsupportedAttrsAreRefused() {
        assertThatThrownBy(() -> HttpIdentifier.parse("https://h/f", Map.of("http.checksum", "md5:abc")))
                .hasMessageContaining("http.checksum").hasMessageContaining("sha256:");
        assertThatThrownBy(() -> HttpIdentifier.parse("ftp://h/f", Map.of())).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> HttpIdentifier.parse("https://h/f", Map.of("http.authheadersecret", "S")))
                .hasMessageContaining("http.authheadersecret");
    }

    @Test
    void onlyUpstreamsSupportedHeadersPassAndTheyKeyTheRequest() {
        HttpIdentifier id = HttpIdentifier.parse("https://h/f", Map.of("http.header.accept", "application/json",
                "http.header.user-agent", "me", "http.header.authorization", "Bearer x"));
        assertThat(id.headers()).containsExactly(new HttpIdentifier.Header("Accept", "application/json"),
                new HttpIdentifier.Header("User-Agent", "me"));
        assertThat(id.requestKey()).isEqualTo("https://h/f\nAccept: application/json\nUser-Agent: me");
        assertThat(HttpIdentifier.parse("https://h/f", Map.of()).requestKey()).isEqualTo("https://h/f");
    }
}
