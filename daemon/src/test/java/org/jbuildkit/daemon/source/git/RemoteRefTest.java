package org.jbuildkit.daemon.source.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RemoteRefTest {
    private static final String A = "a".repeat(40);
    private static final String B = "b".repeat(40);
    private static final String C = "c".repeat(40);
    private static final String D = "d".repeat(40);

    private static final String LISTED = A + "\trefs/heads/main\n"
            + B + "\trefs/tags/v1\n"
            + C + "\trefs/tags/v1^{}\n"
            + D + "\trefs/heads/v1\n"
            + A + "\trefs/pull/1/head\n"
            + B + "\trefs/remotes/origin/main\n";

    @Test
    void aBranchNameFindsTheBranch() {
        assertThat(RemoteRef.find(LISTED, "main")).contains(new RemoteRef("refs/heads/main", A, null));
        assertThat(RemoteRef.find(LISTED, "refs/heads/main")).contains(new RemoteRef("refs/heads/main", A, null));
    }

    @Test
    void aBranchWinsOverATagOfTheSameNameAsInGitCheckout() {
        assertThat(RemoteRef.find(LISTED, "v1")).contains(new RemoteRef("refs/heads/v1", D, null));
    }

    @Test
    void anAnnotatedTagIsCheckedOutAtItsCommit() {
        RemoteRef tag = RemoteRef.find(LISTED, "refs/tags/v1").orElseThrow();
        assertThat(tag).isEqualTo(new RemoteRef("refs/tags/v1", B, C));
        assertThat(tag.commit()).isEqualTo(C);
        assertThat(RemoteRef.find(B + "\trefs/tags/v2\n", "v2").orElseThrow().commit()).isEqualTo(B);
    }

    @Test
    void otherRefsMatchOnlyByTheirFullName() {
        assertThat(RemoteRef.find(LISTED, "refs/pull/1/head")).contains(new RemoteRef("refs/pull/1/head", A, null));
        assertThat(RemoteRef.find(LISTED, "pull/1/head")).contains(new RemoteRef("refs/pull/1/head", A, null));
        assertThat(RemoteRef.find(LISTED, "origin/main")).isEmpty();
        assertThat(RemoteRef.find(LISTED, "nope")).isEmpty();
        assertThat(RemoteRef.find("", "main")).isEmpty();
    }

    @Test
    void theDefaultBranchComesFromTheSymref() {
        assertThat(RemoteRef.defaultBranch("ref: refs/heads/trunk\tHEAD\n" + A + "\tHEAD\n")).contains("trunk");
        assertThat(RemoteRef.defaultBranch(A + "\tHEAD\n")).isEmpty();
    }
}
