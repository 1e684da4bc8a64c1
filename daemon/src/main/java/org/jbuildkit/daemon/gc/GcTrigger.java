package org.jbuildkit.daemon.gc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.types.GCPolicy;
import org.jbuildkit.daemon.cache.BuildCache;
import org.jbuildkit.daemon.solver.BuildListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When garbage collection runs: shortly after builds finish (several finishing together make one
 * run), on a timer, and once after start. Runs never overlap, start at least {@link #MIN_GAP} apart,
 * and a failing run is logged, never passed on to a build.
 */
public final class GcTrigger implements BuildListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GcTrigger.class);

    /** Upstream runs GC one second after a solve; builds ending within it share the run. */
    static final Duration AFTER_BUILD = Duration.ofSeconds(1);
    /**
     * A busy daemon finishes builds all the time; every run reads all records and takes the metadata
     * write lock for each removal, so runs are spaced out (upstream: a minute; ours are cheaper).
     */
    static final Duration MIN_GAP = Duration.ofSeconds(10);
    /**
     * Keep durations age records and other programs fill the disk while no build runs; a run that
     * finds nothing is one metadata query, so every five minutes costs nothing and bounds how long an
     * idle daemon stays above its limits.
     */
    static final Duration PERIOD = Duration.ofMinutes(5);

    /** Runs a task later; one thread in the daemon. */
    interface Scheduler {
        void schedule(Runnable task, Duration delay);
    }

    private final Runnable collect;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Runnable shutdown;
    private boolean pending;
    private boolean running;
    private boolean closed;
    private Instant lastStart;

    GcTrigger(Runnable collect, Scheduler scheduler, Clock clock, Runnable shutdown) {
        this.collect = collect;
        this.scheduler = scheduler;
        this.clock = clock;
        this.shutdown = shutdown;
    }

    /**
     * The worker's garbage collection when {@code [worker.oci] gc} is on (upstream's default): its
     * rules as the worker lists them, run on their own thread.
     */
    public static Optional<GcTrigger> forWorker(boolean enabled, BuildCache cache, List<GCPolicy> policies) {
        if (!enabled) {
            LOG.info("gc is off ([worker.oci] gc = false): the build cache grows until buildctl prune");
            return Optional.empty();
        }
        return Optional.of(start(new GarbageCollector(cache, GarbageCollector.policies(policies))));
    }

    /** Runs {@code collector} on its own daemon thread: first about a second from now, then as described. */
    public static GcTrigger start(GarbageCollector collector) {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "gc");
            t.setDaemon(true);
            return t;
        });
        GcTrigger trigger = new GcTrigger(collector::collect,
                (task, delay) -> thread.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS), Clock.systemUTC(),
                thread::shutdownNow);
        trigger.begin();
        return trigger;
    }

    /** The run after start (a previous process may have left the cache above its limits) and the timer. */
    void begin() {
        request(AFTER_BUILD);
        scheduler.schedule(this::tick, PERIOD);
    }

    @Override
    public void buildFinished() {
        request(AFTER_BUILD);
    }

    /** Asks for a run after {@code delay}; nothing more when one is already waiting. */
    synchronized void request(Duration delay) {
        if (closed || pending) {
            return;
        }
        pending = true;
        scheduler.schedule(this::runDue, delay);
    }

    private void tick() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        request(Duration.ZERO);
        scheduler.schedule(this::tick, PERIOD);
    }

    private void runDue() {
        synchronized (this) {
            if (closed) {
                return;
            }
            Duration wait = running ? MIN_GAP
                    : lastStart == null ? Duration.ZERO : Duration.between(clock.instant(), lastStart.plus(MIN_GAP));
            if (wait.compareTo(Duration.ZERO) > 0) {
                scheduler.schedule(this::runDue, wait);
                return;
            }
            pending = false;
            running = true;
            lastStart = clock.instant();
        }
        try {
            collect.run();
        } catch (RuntimeException e) {
            LOG.warn("gc: the run failed and is retried with the next one: {}", e.toString());
        } finally {
            synchronized (this) {
                running = false;
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        shutdown.run();
    }
}
