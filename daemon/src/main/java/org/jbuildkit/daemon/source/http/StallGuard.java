package org.jbuildkit.daemon.source.http;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a download's body when no byte has arrived for {@code idle}, so a server that stalls mid-body
 * fails the build with a message instead of holding it forever (reading the body cannot be interrupted).
 */
final class StallGuard implements AutoCloseable {
    private final Duration idle;
    private final Closeable body;
    private final ScheduledFuture<?> check;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean fired;

    private StallGuard(ScheduledExecutorService timer, Duration idle, Closeable body) {
        this.idle = idle;
        this.body = body;
        long period = Math.max(1, Math.min(1000, idle.toMillis() / 4));
        this.check = timer.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    static StallGuard watch(ScheduledExecutorService timer, Duration idle, Closeable body) {
        return new StallGuard(timer, idle, body);
    }

    void progressed() {
        lastProgress = System.nanoTime();
    }

    /** Whether the guard gave up on the body (a read failing afterwards is its doing). */
    boolean fired() {
        return fired;
    }

    private void check() {
        if (!fired && System.nanoTime() - lastProgress > idle.toNanos()) {
            fired = true;
            try {
                body.close();
            } catch (IOException e) {
                // The reader fails either way; that failure is reported.
            }
        }
    }

    @Override
    public void close() {
        check.cancel(false);
    }
}
