package org.jbuildkit.daemon.source.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class HttpFileNamesTest {
    private static final URI URL = URI.create("https://example.com/releases/tool-1.2.tar.gz?x=1");

    @Test
    void theManualNameWinsThenTheServersSuggestionThenTheUrl() {
        assertThat(HttpFileNames.choose(URL, "mine.tgz", "theirs.tgz")).isEqualTo("mine.tgz");
        assertThat(HttpFileNames.choose(URL, "", "theirs.tgz")).isEqualTo("theirs.tgz");
        assertThat(HttpFileNames.choose(URL, "", "")).isEqualTo("tool-1.2.tar.gz");
    }

    @Test
    void urlsWithoutAFileNameGetDownload() {
        assertThat(HttpFileNames.choose(URI.create("https://example.com/"), "", null)).isEqualTo("download");
        assertThat(HttpFileNames.choose(URI.create("https://example.com"), "", null)).isEqualTo("download");
        assertThat(HttpFileNames.choose(URI.create("https://example.com/dir/"), "", null)).isEqualTo("dir");
    }

    @Test
    void namesAreReducedToASafeBaseName() {
        assertThat(HttpFileNames.choose(URL, "../../etc/passwd", null)).isEqualTo("passwd");
        assertThat(HttpFileNames.choose(URL, "..", null)).isEqualTo("download");
        assertThat(HttpFileNames.choose(URL, "a\u0001b", null)).isEqualTo("download");
    }

    @Test
    void contentDispositionFilenamesAreParsed() {
        assertThat(HttpFileNames.dispositionFilename("attachment; filename=\"report v2.pdf\"")).contains("report v2.pdf");
        assertThat(HttpFileNames.dispositionFilename("attachment; filename=plain.txt; size=3")).contains("plain.txt");
        assertThat(HttpFileNames.dispositionFilename("attachment; filename=\"a\\\"b.txt\"")).contains("a\"b.txt");
        assertThat(HttpFileNames.dispositionFilename("attachment; filename=\"fallback.txt\";"
                + " filename*=UTF-8''na%C3%AFve.txt")).contains("naïve.txt");
        assertThat(HttpFileNames.dispositionFilename("attachment; filename=\"/tmp/x/evil.sh\"")).contains("evil.sh");
        assertThat(HttpFileNames.dispositionFilename("attachment; filename=\"dir/\"")).isEmpty();
        assertThat(HttpFileNames.dispositionFilename("inline")).isEmpty();
        assertThat(HttpFileNames.dispositionFilename(null)).isEmpty();
    }
}
