package org.jbuildkit.daemon.worker.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DaemonLimitsTest {
    private static final DaemonLimits LIMITS = DaemonLimits.parse(List.of(
            "Limit                     Soft Limit           Hard Limit           Units     ",
            "Max core file size        0                    unlimited            bytes     ",
            "Max processes             96365                96365                processes ",
            "Max open files            20000                20000                files     "));

    @Test
    void containersGetTheDaemonsOwnLimits() throws Exception {
        assertThat(LIMITS.forContainer(List.of())).containsExactly(
                new Ulimit("core", 0, Ulimit.UNLIMITED), new Ulimit("nproc", 96365, 96365),
                new Ulimit("nofile", 20000, 20000));
    }

    @Test
    void aUlimitWithinTheHardLimitReplacesIt() throws Exception {
        assertThat(LIMITS.forContainer(List.of(new Ulimit("nofile", 1024, 4096))))
                .contains(new Ulimit("nofile", 1024, 4096));
    }

    @Test
    void aUlimitAboveTheHardLimitExplainsWhy() {
        assertThatThrownBy(() -> LIMITS.forContainer(List.of(new Ulimit("nofile", 1024, 1048576))))
                .isInstanceOf(ExecutorException.class)
                .hasMessageContaining("nofile asks for a hard limit of 1048576 but the daemon's own hard limit is 20000")
                .hasMessageContaining("ulimit -Hn");
    }
}
