package org.jbuildkit.session.filesync;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The daemon's DiffCopy request headers, read as upstream's decodeOpts reads them. */
class DiffCopyRequestTest {

    private static Metadata.Key<String> key(String name) {
        return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    }

    @Test
    void everyKeyIsMultiValued() {
        Metadata headers = new Metadata();
        headers.put(key("dir-name"), "context");
        headers.put(key("exclude-patterns"), "node_modules");
        headers.put(key("exclude-patterns"), "!node_modules/keep");
        headers.put(key("include-patterns"), "src");
        headers.put(key("include-patterns"), "Dockerfile");
        headers.put(key("followpaths"), "Dockerfile");
        DiffCopyRequest request = DiffCopyRequest.fromHeaders(headers);
        assertThat(request.dirName()).isEqualTo("context");
        assertThat(request.filter().excludePatterns()).containsExactly("node_modules", "!node_modules/keep");
        assertThat(request.filter().includePatterns()).containsExactly("src", "Dockerfile");
        assertThat(request.filter().followPaths()).containsExactly("Dockerfile");
    }

    @Test
    void missingKeysMeanTheEmptyNameAndNoFilter() {
        DiffCopyRequest request = DiffCopyRequest.fromHeaders(new Metadata());
        assertThat(request.dirName()).isEmpty();
        assertThat(request.filter()).isEqualTo(FilterOptions.NONE);
    }

    @Test
    void encodedValuesAreQueryUnescaped() {
        Metadata headers = new Metadata();
        headers.put(key("dir-name"), "ctx");
        headers.put(key("exclude-patterns"), "%C3%BCber%2F%2A.txt");
        headers.put(key("exclude-patterns"), "with+space");
        headers.put(key("exclude-patterns"), "plain");
        headers.put(key("exclude-patterns-encoded"), "1");
        headers.put(key("include-patterns"), "a+b%2Bc");
        DiffCopyRequest request = DiffCopyRequest.fromHeaders(headers);
        assertThat(request.filter().excludePatterns()).containsExactly("über/*.txt", "with space", "plain");
        // Without its -encoded sibling a value is taken as it is.
        assertThat(request.filter().includePatterns()).containsExactly("a+b%2Bc");
    }

    @Test
    void theEncodedFlagIsAGoBool() {
        for (String yes : List.of("1", "t", "T", "true", "TRUE", "True")) {
            Metadata headers = new Metadata();
            headers.put(key("dir-name"), "%C3%A9t%C3%A9");
            headers.put(key("dir-name-encoded"), yes);
            assertThat(DiffCopyRequest.fromHeaders(headers).dirName()).as(yes).isEqualTo("été");
        }
        for (String no : List.of("0", "false", "yes", "")) {
            Metadata headers = new Metadata();
            headers.put(key("dir-name"), "%C3%A9t%C3%A9");
            headers.put(key("dir-name-encoded"), no);
            assertThat(DiffCopyRequest.fromHeaders(headers).dirName()).as(no).isEqualTo("%C3%A9t%C3%A9");
        }
    }

    @Test
    void aValueThatCannotBeUnescapedReadsAsEmptyAsUpstream() {
        Metadata headers = new Metadata();
        headers.put(key("exclude-patterns"), "bad%zz");
        headers.put(key("exclude-patterns"), "cut%4");
        headers.put(key("exclude-patterns"), "good%41");
        headers.put(key("exclude-patterns-encoded"), "1");
        assertThat(DiffCopyRequest.fromHeaders(headers).filter().excludePatterns()).containsExactly("", "", "goodA");
    }

    @Test
    void toHeadersEncodesAKeyWhenAnyOfItsValuesIsNotAscii() {
        DiffCopyRequest request = new DiffCopyRequest("contexte-é", new FilterOptions(List.of("src"),
                List.of("*.log", "données/", "a b"), List.of()));
        Metadata headers = request.toHeaders();
        assertThat(headers.getAll(key("exclude-patterns"))).containsExactly("%2A.log", "donn%C3%A9es%2F", "a+b");
        assertThat(headers.get(key("exclude-patterns-encoded"))).isEqualTo("1");
        assertThat(headers.getAll(key("include-patterns"))).containsExactly("src");
        assertThat(headers.containsKey(key("include-patterns-encoded"))).isFalse();
        assertThat(headers.containsKey(key("followpaths"))).isFalse();
        assertThat(headers.get(key("dir-name"))).isEqualTo("contexte-%C3%A9");
        assertThat(DiffCopyRequest.fromHeaders(headers)).isEqualTo(request);
    }

    @Test
    void queryEscapingFollowsGo() {
        // Go: url.QueryEscape("ü dir/*.go~") == "%C3%BC+dir%2F%2A.go~"
        assertThat(GoQueryEscape.escape("ü dir/*.go~")).isEqualTo("%C3%BC+dir%2F%2A.go~");
        assertThat(GoQueryEscape.unescape("%c3%bc+dir%2F%2A.go~")).contains("ü dir/*.go~");
        assertThat(GoQueryEscape.unescape("100%")).isEmpty();
    }
}
