package org.jbuildkit.daemon.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bytes a prune keeps, case by case as upstream's calculateKeepBytes. */
class SpaceTargetTest {
    private static final long TOTAL = 1000;

    @Test
    void noLimitsMeanNoTarget() {
        assertThat(SpaceTarget.keepBytes(TOTAL, 0, 0, 0, 0)).isZero();
    }

    @Test
    void maxUsedSpaceIsTheTarget() {
        assertThat(SpaceTarget.keepBytes(TOTAL, 0, 0, 600, 0)).isEqualTo(600);
    }

    @Test
    void reservedSpaceIsAFloorUnderEveryOtherLimit() {
        assertThat(SpaceTarget.keepBytes(TOTAL, 0, 700, 600, 0)).isEqualTo(700);
        assertThat(SpaceTarget.keepBytes(TOTAL, 0, 300, 0, 0)).isEqualTo(300);
        assertThat(SpaceTarget.keepBytes(TOTAL, 100, 900, 0, 500)).isEqualTo(900);
    }

    @Test
    void missingFreeSpaceLowersTheTargetByWhatIsMissing() {
        assertThat(SpaceTarget.keepBytes(TOTAL, 100, 0, 0, 500)).isEqualTo(600);
        assertThat(SpaceTarget.keepBytes(TOTAL, 100, 0, 800, 500)).isEqualTo(600);
        assertThat(SpaceTarget.keepBytes(TOTAL, 100, 0, 400, 500)).isEqualTo(400);
    }

    @Test
    void enoughFreeSpaceKeepsEverythingUnlessMaxUsedSpaceSaysOtherwise() {
        assertThat(SpaceTarget.keepBytes(TOTAL, 900, 0, 0, 500)).isEqualTo(TOTAL);
        assertThat(SpaceTarget.keepBytes(TOTAL, 900, 0, 400, 500)).isEqualTo(400);
    }
}
