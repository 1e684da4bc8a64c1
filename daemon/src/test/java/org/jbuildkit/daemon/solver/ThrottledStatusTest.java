package org.jbuildkit.daemon.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrottledStatusTest {
    /** A clock the test moves by hand. */
    private static final class StepClock extends Clock {
        private Instant now = Instant.parse("2026-11-01T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private static final class Recording implements ExecContext {
        final List<ProgressStatus> sent = new ArrayList<>();

        @Override
        public void log(int stream, byte[] data) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }

        @Override
        public void status(ProgressStatus status) {
            sent.add(status);
        }
    }

    @Test
    void updatesWithinTheIntervalAreHeldBackAndTheFinalCountAlwaysGoesOut() {
        StepClock clock = new StepClock();
        Recording context = new Recording();
        ThrottledStatus status = ThrottledStatus.start(context, clock, "sha256:abc", "", 1000);
        status.update(100);
        clock.advance(Duration.ofMillis(40));
        status.update(200);
        clock.advance(Duration.ofMillis(70));
        status.update(300);
        clock.advance(Duration.ofMillis(10));
        status.update(900);
        status.complete(1000);

        assertThat(context.sent).extracting(ProgressStatus::current).containsExactly(0L, 300L, 1000L);
        assertThat(context.sent).allMatch(s -> s.id().equals("sha256:abc") && s.total() == 1000);
        assertThat(context.sent.get(0).completion()).isEmpty();
        assertThat(context.sent.get(2).completion()).contains(clock.instant());
        assertThat(context.sent).extracting(ProgressStatus::started).containsOnly(context.sent.get(0).started());
    }
}
