package org.jbuildkit.session.manager;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health-checks one session's client as upstream's {@code monitorHealth} does; tolerates
 * slow checks on purpose (busy transfers, many builds) and gives up after consecutive failures.
 */
final class HealthMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);

    private final String sessionId;
    private final Channel channel;
    private final HealthCheckConfig config;
    private final ScheduledExecutorService scheduler;
    private final Consumer<String> fatal;
    private int consecutiveFailures;
    private Duration lastDuration = Duration.ZERO;
    private ScheduledFuture<?> next;
    private ListenableFuture<HealthCheckResponse> inFlight;
    private boolean stopped;

    HealthMonitor(String sessionId, Channel channel, HealthCheckConfig config,
                  ScheduledExecutorService scheduler, Consumer<String> fatal) {
        this.sessionId = sessionId;
        this.channel = channel;
        this.config = config;
        this.scheduler = scheduler;
        this.fatal = fatal;
    }

    synchronized void start() {
        schedule(config.interval());
    }

    synchronized void stop() {
        stopped = true;
        if (next != null) {
            next.cancel(false);
        }
        if (inFlight != null) {
            inFlight.cancel(true);
        }
    }

    private void schedule(Duration delay) {
        if (!stopped) {
            next = scheduler.schedule(this::check, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private synchronized void check() {
        if (stopped) {
            return;
        }
        Duration timeout = max(config.timeout(), lastDuration.multipliedBy(3).dividedBy(2));
        long start = System.nanoTime();
        ListenableFuture<HealthCheckResponse> f = HealthGrpc.newFutureStub(channel)
                .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .check(HealthCheckRequest.getDefaultInstance());
        inFlight = f;
        f.addListener(() -> completed(f, start, timeout), scheduler);
    }

    private void completed(ListenableFuture<HealthCheckResponse> f, long start, Duration timeout) {
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String error = null;
        try {
            HealthCheckResponse response = f.get();
            if (response.getStatus() != HealthCheckResponse.ServingStatus.SERVING) {
                error = "client reports " + response.getStatus();
            }
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            error = Status.fromThrowable(cause).toString();
        }
        synchronized (this) {
            inFlight = null;
            if (stopped) {
                return;
            }
            lastDuration = took;
            if (error == null) {
                consecutiveFailures = 0;
                LOG.trace("session {}: healthcheck completed in {} (timeout {})", sessionId, took, timeout);
            } else {
                consecutiveFailures++;
                if (consecutiveFailures >= config.failureThreshold()) {
                    stopped = true;
                    String reason = "session healthcheck failed fatally: " + error;
                    LOG.error("session {}: {}", sessionId, reason);
                    scheduler.execute(() -> fatal.accept(reason));
                    return;
                }
                LOG.warn("session {}: healthcheck failed ({} in a row, fatal at {}) after {} (timeout {}): {}",
                        sessionId, consecutiveFailures, config.failureThreshold(), took, timeout, error);
            }
            Duration wait = config.interval().minus(took);
            schedule(wait.isNegative() ? Duration.ZERO : wait);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
