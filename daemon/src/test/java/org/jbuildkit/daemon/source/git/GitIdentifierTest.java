package org.jbuildkit.daemon.source.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GitIdentifierTest {

    @Test
    void theFragmentNamesRefAndSubdirAndTheFullUrlIsTheRemote() {
        GitIdentifier id = GitIdentifier.parse("git://127.0.0.1:9418/repo.git#v1.2:docs/api",
                Map.of("git.fullurl", "git://127.0.0.1:9418/repo.git", "git.keepgitdir", "true"));
        assertThat(id.remote()).isEqualTo("git://127.0.0.1:9418/repo.git");
        assertThat(id.ref()).isEqualTo("v1.2");
        assertThat(id.subdir()).isEqualTo("docs/api");
        assertThat(id.keepGitDir()).isTrue();
    }

    @Test
    void withoutAFullUrlTheRemoteIsHttpsAsUpstream() {
        GitIdentifier id = GitIdentifier.parse("git://github.com/moby/buildkit.git", Map.of());
        assertThat(id.remote()).isEqualTo("https://github.com/moby/buildkit.git");
        assertThat(id.ref()).isEmpty();
        assertThat(id.subdir()).isEmpty();
        assertThat(id.keepGitDir()).isFalse();
    }

    @Test
    void refsWithSlashesAndPullRequestRefsStayWhole() {
        assertThat(GitIdentifier.parse("git://h/r#refs/pull/1/head", Map.of()).ref()).isEqualTo("refs/pull/1/head");
        assertThat(GitIdentifier.parse("git://h/r#feature/x:", Map.of()).subdir()).isEmpty();
    }

    @Test
    void theSubdirIsCleanedAndCannotClimbOutOfTheTree() {
        assertThat(GitIdentifier.parse("git://h/r#main:/a/./b/../c/", Map.of()).subdir()).isEqualTo("a/c");
        assertThat(GitIdentifier.parse("git://h/r#main:../../etc", Map.of()).subdir()).isEqualTo("etc");
        assertThat(GitIdentifier.parse("git://h/r#main:/", Map.of()).subdir()).isEmpty();
    }

    @Test
    void fullUrlsOfEveryGitTransportAreKeptAndOthersGetHttps() {
        for (String url : new String[] {"https://h/r.git", "http://h/r", "ssh://git@h/r", "git@h.example:r.git"}) {
            assertThat(GitIdentifier.parse("git://h/r", Map.of("git.fullurl", url)).remote()).isEqualTo(url);
        }
        assertThat(GitIdentifier.parse("git://h/r", Map.of("git.fullurl", "h/r.git")).remote())
                .isEqualTo("https://h/r.git");
    }

    @Test
    void aRemoteOnTheDaemonsOwnMachineIsRefused() {
        assertThatThrownBy(() -> GitIdentifier.parse("git://h/r", Map.of("git.fullurl", "file:///srv/git/r")))
                .isInstanceOf(GitSourceException.class).hasMessageContaining("file:///srv/git/r")
                .hasMessageContaining("daemon's machine").hasMessageContaining("git daemon");
    }

    @Test
    void anUnknownSchemeIsRefusedWithTheOnesThatWork() {
        assertThatThrownBy(() -> GitIdentifier.parse("git://h/r", Map.of("git.fullurl", "ftp://h/r")))
                .isInstanceOf(GitSourceException.class).hasMessageContaining("ftp://")
                .hasMessageContaining("https://, http://, git://, ssh://");
    }

    @Test
    void optionsThisDaemonCannotHonourAreRefusedNotIgnored() {
        assertThatThrownBy(() -> GitIdentifier.parse("git://h/r#main", Map.of("git.mountsshsock", "default")))
                .isInstanceOf(GitSourceException.class).hasMessageContaining("git.mountsshsock")
                .hasMessageContaining("fix:");
        assertThatThrownBy(() -> GitIdentifier.parse("git://h/r#main", Map.of("git.mtime", "commit")))
                .hasMessageContaining("git.mtime=commit");
        assertThat(GitIdentifier.parse("git://h/r#main", Map.of("git.authtokensecret", "GIT_AUTH_TOKEN")).ref())
                .isEqualTo("main");
    }

    @Test
    void aRefLookingLikeAnOptionAndABadChecksumAreRefused() {
        assertThatThrownBy(() -> GitIdentifier.parse("git://h/r#--upload-pack=x", Map.of()))
                .hasMessageContaining("starts with '-'");
        assertThatThrownBy(() -> GitIdentifier.parse("git://h/r#main", Map.of("git.checksum", "xyz")))
                .hasMessageContaining("not a hex commit hash");
        assertThat(GitIdentifier.parse("git://h/r#main", Map.of("git.checksum", "ABC123")).checksum())
                .isEqualTo("abc123");
    }

    @Test
    void onlyFullHashesAreCommitRefs() {
        assertThat(GitIdentifier.isCommitSha("a".repeat(40))).isTrue();
        assertThat(GitIdentifier.isCommitSha("b".repeat(64))).isTrue();
        assertThat(GitIdentifier.isCommitSha("abc1234")).isFalse();
        assertThat(GitIdentifier.isCommitSha("g".repeat(40))).isFalse();
    }

    @Test
    void passwordsInRemotesAreRedacted() {
        assertThat(GitIdentifier.parse("git://h/r", Map.of("git.fullurl", "https://me:s3cret@h/r.git"))
                .redactedRemote()).isEqualTo("https://me:xxxxx@h/r.git");
        assertThat(GitUrls.redact("https://token@h/r.git")).isEqualTo("https://token@h/r.git");
    }
}
