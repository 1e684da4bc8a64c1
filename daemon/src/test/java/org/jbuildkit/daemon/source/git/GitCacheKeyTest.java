package org.jbuildkit.daemon.source.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GitCacheKeyTest {
    private static final String TAG = "1".repeat(40);
    private static final String COMMIT = "2".repeat(40);

    private static GitIdentifier id(String fragment, boolean keepGitDir) {
        return GitIdentifier.parse("git://h/r" + fragment, keepGitDir ? Map.of("git.keepgitdir", "true") : Map.of());
    }

    @Test
    void theKeyIsTheCommitWhateverRefOrRemoteNamedIt() {
        ResolvedCommit branch = new ResolvedCommit("refs/heads/main", COMMIT, COMMIT);
        ResolvedCommit tag = new ResolvedCommit("refs/tags/v1", TAG, COMMIT);
        assertThat(GitSourceRunner.cacheKey(id("#main", false), branch)).isEqualTo(COMMIT);
        assertThat(GitSourceRunner.cacheKey(id("#v1", false), tag)).isEqualTo(COMMIT);
        assertThat(GitSourceRunner.cacheKey(GitIdentifier.parse("git://other/r#main", Map.of()), branch))
                .isEqualTo(COMMIT);
    }

    @Test
    void subdirAndKeptGitDirMakeOtherKeys() {
        ResolvedCommit tag = new ResolvedCommit("refs/tags/v1", TAG, COMMIT);
        assertThat(GitSourceRunner.cacheKey(id("#v1:docs", false), tag)).isEqualTo(COMMIT + ":docs");
        assertThat(GitSourceRunner.cacheKey(id("#v1", true), tag)).isEqualTo(TAG + ".git#refs/tags/v1");
        ResolvedCommit byCommit = new ResolvedCommit(COMMIT, COMMIT, COMMIT);
        assertThat(GitSourceRunner.cacheKey(id("#" + COMMIT, true), byCommit)).isEqualTo(COMMIT + ".git#" + COMMIT);
    }
}
