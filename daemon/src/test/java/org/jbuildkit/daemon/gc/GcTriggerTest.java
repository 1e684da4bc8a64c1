package org.jbuildkit.daemon.gc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When runs happen, driven by hand: a scheduler that only queues tasks, and a clock the test moves. */
class GcTriggerTest {
    record Scheduled(Runnable task, Duration delay) {
    }

    final List<Scheduled> queue = new ArrayList<>();
    final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
    final AtomicInteger runs = new AtomicInteger();
    Runnable collect = runs::incrementAndGet;
    boolean shutDown;

    GcTrigger trigger() {
        return new GcTrigger(() -> collect.run(), (task, delay) -> queue.add(new Scheduled(task, delay)), clock,
                () -> shutDown = true);
    }

    /** Runs the oldest queued task after moving the clock by its delay. */
    void runNext() {
        Scheduled next = queue.remove(0);
        clock.advance(next.delay());
        next.task().run();
    }

    @Test
    void buildsFinishingTogetherMakeOneRunAboutASecondLater() {
        GcTrigger trigger = trigger();
        trigger.buildFinished();
        trigger.buildFinished();
        trigger.buildFinished();

        assertThat(queue).singleElement().extracting(Scheduled::delay).isEqualTo(GcTrigger.AFTER_BUILD);
        runNext();
        assertThat(runs).hasValue(1);
        assertThat(queue).isEmpty();
    }

    @Test
    void aBuildFinishingDuringARunCausesExactlyOneMoreRunAfterIt() {
        GcTrigger trigger = trigger();
        collect = () -> {
            runs.incrementAndGet();
            if (runs.get() == 1) {
                trigger.buildFinished();
                trigger.buildFinished();
            }
        };
        trigger.buildFinished();
        runNext();
        assertThat(runs).hasValue(1);
        assertThat(queue).hasSize(1);

        runNext();
        // The minimum gap since the first run's start has not passed yet: the run waits for it.
        assertThat(runs).hasValue(1);
        assertThat(queue).singleElement().extracting(Scheduled::delay)
                .isEqualTo(GcTrigger.MIN_GAP.minus(GcTrigger.AFTER_BUILD));
        runNext();
        assertThat(runs).hasValue(2);
        assertThat(queue).isEmpty();
    }

    @Test
    void runsNeverOverlap() {
        GcTrigger trigger = trigger();
        List<Integer> nested = new ArrayList<>();
        collect = () -> {
            runs.incrementAndGet();
            if (runs.get() == 1) {
                trigger.buildFinished();
                clock.advance(GcTrigger.MIN_GAP.multipliedBy(2));
                // The next run's task fires while this one is still running (a second scheduler thread).
                runNext();
                nested.add(runs.get());
            }
        };
        trigger.buildFinished();
        runNext();
        assertThat(nested).containsExactly(1);
        assertThat(queue).singleElement().extracting(Scheduled::delay).isEqualTo(GcTrigger.MIN_GAP);
        runNext();
        assertThat(runs).hasValue(2);
    }

    @Test
    void theTimerRunsEveryPeriodAndTheFirstRunComesRightAfterStart() {
        GcTrigger trigger = trigger();
        trigger.begin();
        assertThat(queue).extracting(Scheduled::delay).containsExactly(GcTrigger.AFTER_BUILD, GcTrigger.PERIOD);
        runNext();
        assertThat(runs).hasValue(1);

        runNext();
        assertThat(queue).extracting(Scheduled::delay).containsExactly(Duration.ZERO, GcTrigger.PERIOD);
        runNext();
        assertThat(runs).hasValue(2);
    }

    @Test
    void aFailingRunIsLoggedAndTheNextOneStillHappens() {
        GcTrigger trigger = trigger();
        collect = () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("metadata store is closed");
        };
        trigger.buildFinished();
        runNext();
        clock.advance(GcTrigger.MIN_GAP);
        trigger.buildFinished();
        runNext();
        assertThat(runs).hasValue(2);
    }

    @Test
    void nothingRunsOnceClosed() {
        GcTrigger trigger = trigger();
        trigger.buildFinished();
        trigger.close();
        runNext();
        trigger.buildFinished();
        assertThat(runs).hasValue(0);
        assertThat(queue).isEmpty();
        assertThat(shutDown).isTrue();
    }
}
