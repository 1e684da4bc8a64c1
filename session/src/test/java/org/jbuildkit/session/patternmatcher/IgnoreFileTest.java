package org.jbuildkit.session.patternmatcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** .dockerignore lines to exclude patterns, as upstream's ignorefile.ReadAll reads them. */
class IgnoreFileTest {

    private static List<String> read(String text) throws IOException {
        return IgnoreFile.readAll(new StringReader(text));
    }

    @Test
    void commentsAndBlankLinesAreSkipped() throws IOException {
        assertThat(read("# build output\n\nbuild\n   \n#*.md\nlogs\n")).containsExactly("build", "logs");
    }

    @Test
    void onlyALeadingHashIsAComment() throws IOException {
        assertThat(read("  # not a comment\nfile#1\n")).containsExactly("# not a comment", "file#1");
    }

    @Test
    void linesAreTrimmedAndCleaned() throws IOException {
        assertThat(read("  ./src/../tmp/  \n\ta//b\t\n./\n")).containsExactly("tmp", "a/b", ".");
    }

    @Test
    void aLeadingSlashIsDropped() throws IOException {
        assertThat(read("/abs\n//twice\n/\n")).containsExactly("abs", "twice", "/");
    }

    @Test
    void exceptionsKeepTheirBangInFrontOfTheCleanedPattern() throws IOException {
        assertThat(read("!keep\n! ./spaced/\n!/abs/x\n!\n")).containsExactly("!keep", "!spaced", "!abs/x", "!");
    }

    @Test
    void aByteOrderMarkOnTheFirstLineIsDropped() throws IOException {
        assertThat(read("\uFEFFnode_modules\n\uFEFFsecond\n")).containsExactly("node_modules", "\uFEFFsecond");
    }

    @Test
    void windowsLineEndingsAndAMissingFinalNewlineWork() throws IOException {
        assertThat(read("a\r\nb\r\nc")).containsExactly("a", "b", "c");
    }

    @Test
    void theResultFeedsTheMatcher() throws IOException {
        PatternMatcher matcher = PatternMatcher.of(read("*.log\n!important.log\n/secrets/\n"));
        assertThat(matcher.matchesOrParentMatches("debug.log")).isTrue();
        assertThat(matcher.matchesOrParentMatches("important.log")).isFalse();
        assertThat(matcher.matchesOrParentMatches("secrets/key")).isTrue();
        assertThat(matcher.matchesOrParentMatches("src/secrets/key")).isFalse();
    }
}
