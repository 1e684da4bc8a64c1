package org.jbuildkit.session.patternmatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The matcher against upstream's corpus (moby/patternmatcher's TestMatches and Go's filepath.Match
 * tests) and the .dockerignore cases users write; each case is checked both from the path alone and
 * by walking down its parent directories, as the sender does.
 */
class PatternMatcherTest {

    static Stream<Arguments> singlePatterns() {
        return Stream.of(
                // ** in every position
                Arguments.of("**", "file", true),
                Arguments.of("**", "dir/file", true),
                Arguments.of("**/", "file", true),
                Arguments.of("**/**", "dir/file", true),
                Arguments.of("dir/**", "dir/file", true),
                Arguments.of("dir/**", "dir/dir2/file", true),
                Arguments.of("abc/**", "abc", false),
                Arguments.of("abc/**", "abc/def/ghi", true),
                Arguments.of("foo/**", "foobar/x", false),
                Arguments.of("**/dir", "dir", true),
                Arguments.of("**/dir", "dir/file", true),
                Arguments.of("**/dir2/*", "dir/dir2/file", true),
                Arguments.of("**/dir2/**", "dir/dir2/dir3/file", true),
                Arguments.of("**/foo", "foo", true),
                Arguments.of("**/foo", "a/b/foo", true),
                Arguments.of("**/foo", "a/b/foo/inside", true),
                Arguments.of("**/foo", "a/xfoo", false),
                Arguments.of("**file", "dir/dir/file", true),
                Arguments.of("**/file*.txt", "dir/dir/file.txt", true),
                Arguments.of("**/**/*.txt2", "dir/dir/file.txt", false),
                Arguments.of("**/*.txt", "file.txt", true),
                Arguments.of("a**/*.txt", "a/dir/dir/file.txt", true),
                Arguments.of("**/foo/bar", "dir/dir2/foo/bar", true),
                Arguments.of("**/.foo", ".foo", true),
                Arguments.of("**/.foo", "bar.foo", false),
                Arguments.of("src/**/test", "src/test", true),
                Arguments.of("src/**/test", "src/a/b/test", true),
                Arguments.of("src/**/test", "src/a/btest", false),
                // * and ? stay within one element
                Arguments.of("*", "abc", true),
                Arguments.of("*", "dir/file", true),
                Arguments.of("*.go", "main.go", true),
                Arguments.of("*.go", "pkg/main.go", false),
                Arguments.of("a/*.txt", "a/dir/file.txt", false),
                Arguments.of("a/*.txt", "a/file.txt", true),
                Arguments.of("a*/b", "a/c/b", false),
                Arguments.of("a*b*c*d*e*/f", "axbxcxdxe/f", true),
                Arguments.of("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false),
                Arguments.of("abc?def", "abcZdef", true),
                Arguments.of("abc?def", "abcdef", false),
                Arguments.of("a?b", "a/b", false),
                Arguments.of("a?b", "a\u263ab", true),
                Arguments.of("a???b", "a\u263ab", false),
                // character classes
                Arguments.of("a[b-d]e", "ace", true),
                Arguments.of("a[b-d]e", "aae", false),
                Arguments.of("a[^b-d]e", "aze", true),
                Arguments.of("[a-c]", "b", true),
                Arguments.of("[a-c]", "d", false),
                Arguments.of("ab[^e-g]", "abc", true),
                Arguments.of("[a-\u03b6]*", "\u03b1", true),
                Arguments.of("*[a-\u03b6]", "A", false),
                Arguments.of("file[0-9].log", "file7.log", true),
                Arguments.of("file[\\]x].log", "file].log", true),
                Arguments.of("[a&&b]", "&", true),
                // regexp characters are literal
                Arguments.of(".*", ".foo", true),
                Arguments.of(".*", "foo", false),
                Arguments.of("abc.def", "abcZdef", false),
                Arguments.of("a(b)c/def", "a(b)c/def", true),
                Arguments.of("a.|)$(}+{bc", "a.|)$(}+{bc", true),
                Arguments.of("dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true),
                // escapes
                Arguments.of("a\\*b", "a*b", true),
                Arguments.of("a\\*b", "ab", false),
                Arguments.of("a\\\\", "a\\", true),
                Arguments.of("\\[x\\]", "[x]", true),
                Arguments.of("a\\d", "ad", true),
                Arguments.of("a\\d", "a1", false),
                // exact names, and a directory matching covers what is inside it
                Arguments.of("docs", "docs", true),
                Arguments.of("docs", "docs/README.md", true),
                Arguments.of("docs", "docsy", false),
                Arguments.of("docs/", "docs/a/b", true),
                Arguments.of("a/b", "a/b/c/d", true),
                Arguments.of("a/b", "x/a/b", false),
                // cleaning: ./, /, trailing /, doubled slashes, ..
                Arguments.of("./rel", "rel", true),
                Arguments.of("/abs", "abs", true),
                Arguments.of("/abs/*.txt", "abs/x.txt", true),
                Arguments.of("dir//sub/", "dir/sub/x", true),
                Arguments.of("dir/../other", "other", true),
                Arguments.of("  spaced  ", "spaced", true),
                Arguments.of(".", "anything", false),
                Arguments.of("/", "anything", false));
    }

    @ParameterizedTest(name = "{0} vs {1} = {2}")
    @MethodSource("singlePatterns")
    void onePattern(String pattern, String path, boolean expected) {
        PatternMatcher matcher = PatternMatcher.of(List.of(pattern));
        assertThat(matcher.matchesOrParentMatches(path)).as("from the path alone").isEqualTo(expected);
        assertThat(walkingDown(matcher, path)).as("walking down the parents").isEqualTo(expected);
    }

    static Stream<Arguments> patternLists() {
        return Stream.of(
                Arguments.of(List.of("**", "!util/docker/web"), "util/docker/web/foo", false),
                Arguments.of(List.of("**", "!util/docker/web", "util/docker/web/foo"), "util/docker/web/foo", true),
                Arguments.of(List.of("**", "!dist/*.whl"), "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
                        false),
                Arguments.of(List.of("docs", "!docs/README.md"), "docs/README.md", false),
                Arguments.of(List.of("docs", "!docs/README.md"), "docs/other.md", true),
                Arguments.of(List.of("docs/", "!docs/README.md"), "docs/README.md", false),
                Arguments.of(List.of("docs/*", "!docs/README.md"), "docs/README.md", false),
                Arguments.of(List.of("*.go", "!fileutils.go"), "fileutils.go", false),
                Arguments.of(List.of("!fileutils.go", "*.go"), "fileutils.go", true),
                Arguments.of(List.of("*.md", "!README*.md", "README-secret.md"), "README-secret.md", true),
                Arguments.of(List.of("*.md", "!README*.md", "README-secret.md"), "README-public.md", false),
                Arguments.of(List.of("**/*.log", "!keep/**"), "keep/a/b.log", false),
                Arguments.of(List.of("**/*.log", "!keep/**"), "other/b.log", true),
                Arguments.of(List.of("node_modules", "!node_modules/keep"), "node_modules/keep/x.js", false),
                Arguments.of(List.of("node_modules", "!node_modules/keep"), "node_modules/drop/x.js", true),
                Arguments.of(List.of("!/abs/keep", "/abs"), "abs/keep", true),
                Arguments.of(List.of("/abs", "!/abs/keep"), "abs/keep", false),
                Arguments.of(List.of("x", "!./x/y"), "x/y", false),
                Arguments.of(List.of("", "   ", "tmp"), "tmp/a", true),
                Arguments.of(List.of(), "anything", false));
    }

    @ParameterizedTest(name = "{0} vs {1} = {2}")
    @MethodSource("patternLists")
    void laterPatternsWin(List<String> patterns, String path, boolean expected) {
        PatternMatcher matcher = PatternMatcher.of(patterns);
        assertThat(matcher.matchesOrParentMatches(path)).as("from the path alone").isEqualTo(expected);
        assertThat(walkingDown(matcher, path)).as("walking down the parents").isEqualTo(expected);
    }

    @Test
    void patternsAreCleanedAndBlanksDropped() {
        PatternMatcher matcher = PatternMatcher.of(List.of(" ./a/b/ ", "", "!/c//d", "e/**"));
        assertThat(matcher.patterns()).extracting(PathPattern::toString).containsExactly("a/b", "c/d", "e/**");
        assertThat(matcher.patterns()).extracting(PathPattern::exclusion).containsExactly(false, true, false);
        assertThat(matcher.exclusions()).isTrue();
        assertThat(PatternMatcher.of(List.of("a")).exclusions()).isFalse();
        assertThat(matcher.patterns().get(2).withoutTrailingGlob()).isEqualTo("e");
        assertThat(PatternMatcher.of(List.of("f/*")).patterns().get(0).withoutTrailingGlob()).isEqualTo("f");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("!", "illegal exclusion pattern"),
                Arguments.of("[", "is not closed"),
                Arguments.of("a[b", "is not closed"),
                Arguments.of("[]a]", "has a ]"),
                Arguments.of("[-a]", "has a -"),
                Arguments.of("[a-]", "has a ]"),
                Arguments.of("[^]", "has a ]"),
                Arguments.of("[z-a]", "runs backwards"),
                Arguments.of("trailing\\", "lone \\"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedPatternsAreRejectedNamingThePattern(String pattern, String reason) {
        assertThatThrownBy(() -> PatternMatcher.of(List.of("ok", pattern)))
                .isInstanceOf(InvalidPatternException.class)
                .hasMessageContaining(reason)
                .hasMessageContaining(pattern.equals("!") ? "\"!\"" : "\"" + pattern + "\"");
    }

    @Test
    void parentResultsAreReusedForChildren() {
        PatternMatcher matcher = PatternMatcher.of(List.of("build", "!build/keep.txt"));
        PatternMatcher.Result dir = matcher.matchesUsingParentResults("build", MatchInfo.NONE);
        assertThat(dir.matched()).isTrue();
        assertThat(matcher.matchesUsingParentResults("build/other", dir.info()).matched()).isTrue();
        assertThat(matcher.matchesUsingParentResults("build/keep.txt", dir.info()).matched()).isFalse();
        assertThatThrownBy(() -> matcher.matchesUsingParentResults("x",
                PatternMatcher.of(List.of("a")).matchesUsingParentResults("a", MatchInfo.NONE).info()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The sender's way: each parent directory matched with its own parent's results, then the path. */
    private static boolean walkingDown(PatternMatcher matcher, String path) {
        MatchInfo info = MatchInfo.NONE;
        String[] parts = path.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            prefix.append(i == 0 ? "" : "/").append(parts[i]);
            info = matcher.matchesUsingParentResults(prefix.toString(), info).info();
        }
        return matcher.matchesUsingParentResults(path, info).matched();
    }
}
