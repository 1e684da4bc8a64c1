package org.jbuildkit.daemon.solver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What solving a vertex gave: its cache key and its results — either produced now, or recorded
 * IDs loaded only when something actually reads them (a cached step nobody reads is never loaded) —
 * and, for a miss, where the chain of misses started.
 */
final class Outcome {
    private final String name;
    private final String key;
    private final MissCause cause;
    private final List<String> recordedIds;
    private final Imported imported;
    private final Supplier<CompletableFuture<List<ResultRef>>> run;
    private List<ResultRef> results;

    /** Outputs held by an imported cache, fetched one by one when read. */
    private record Imported(CacheSource source, int outputs, Function<Integer, ExecContext> context,
            Map<Integer, ResultRef> fetched) {
    }

    private Outcome(String name, String key, MissCause cause, List<String> recordedIds, List<ResultRef> results,
            Imported imported, Supplier<CompletableFuture<List<ResultRef>>> run) {
        this.name = name;
        this.key = key;
        this.cause = cause;
        this.recordedIds = recordedIds;
        this.results = results;
        this.imported = imported;
        this.run = run;
    }

    private Outcome(String name, String key, MissCause cause, List<String> recordedIds, List<ResultRef> results) {
        this(name, key, cause, recordedIds, results, null, null);
    }

    /** Found in an imported cache: {@code context} shows the download of an output when something reads it. */
    static Outcome imported(String name, String key, CacheSource source, int outputs,
            Function<Integer, ExecContext> context) {
        return new Outcome(name, key, null, null, null, new Imported(source, outputs, context, new HashMap<>()), null);
    }

    /**
     * A miss that runs only when something reads it ({@code run} starts it, once): a lazy build does not run
     * a step whose consumers were all found in the cache.
     */
    static Outcome pending(String name, String key, MissCause cause,
            Supplier<CompletableFuture<List<ResultRef>>> run) {
        return new Outcome(name, key, cause, null, null, null, memoized(run));
    }

    private static Supplier<CompletableFuture<List<ResultRef>>> memoized(
            Supplier<CompletableFuture<List<ResultRef>>> run) {
        return new Supplier<>() {
            private CompletableFuture<List<ResultRef>> started;

            @Override
            public synchronized CompletableFuture<List<ResultRef>> get() {
                if (started == null) {
                    started = run.get();
                }
                return started;
            }
        };
    }

    /** Completes when the results can be read: at once, unless this is a pending miss, which it starts. */
    CompletableFuture<Void> ready() {
        if (run == null) {
            return CompletableFuture.completedFuture(null);
        }
        return run.get().thenAccept(produced -> {
            synchronized (this) {
                results = List.copyOf(produced);
            }
        });
    }

    /** Whether reading the results needs no step to run (found in a cache, or run already). */
    synchronized boolean available() {
        return run == null || results != null;
    }

    /** How many outputs there are to read, when known without running anything. */
    synchronized java.util.OptionalInt outputCount() {
        if (results != null) {
            return java.util.OptionalInt.of(results.size());
        }
        if (recordedIds != null) {
            return java.util.OptionalInt.of(recordedIds.size());
        }
        if (imported != null) {
            return java.util.OptionalInt.of(imported.outputs());
        }
        return java.util.OptionalInt.empty();
    }

    /** The imported cache this came from, if it did and has not been fetched whole. */
    Optional<CacheSource> importedFrom() {
        return imported == null ? Optional.empty() : Optional.of(imported.source());
    }

    static Outcome cached(String name, String key, List<String> ids) {
        return new Outcome(name, key, null, List.copyOf(ids), null);
    }

    /** {@code cause}: why the step (or the first one it depends on) missed the cache, null if not known. */
    static Outcome produced(String name, String key, MissCause cause, List<ResultRef> results) {
        return new Outcome(name, key, cause, null, List.copyOf(results));
    }

    /**
     * A fetched imported result becomes a local cache record under its key, so the next build finds it here and
     * garbage collection knows its snapshot; failing that (a full disk) it still serves this build.
     */
    private void remember(ResultStore store, ResultRef fetched) {
        try {
            store.record(key, List.of(fetched));
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Outcome.class).warn("the imported result of {} is used without a"
                    + " local cache record: {}", name, e.getMessage());
        }
    }

    /** The vertex's name, as progress shows it. */
    String name() {
        return name;
    }

    String key() {
        return key;
    }

    MissCause cause() {
        return cause;
    }

    synchronized ResultRef result(long index, ResultStore store) {
        if (imported != null) {
            if (index < 0 || index >= imported.outputs()) {
                throw new IllegalStateException("output " + index + " does not exist (the imported cache has "
                        + imported.outputs() + " outputs)");
            }
            ResultRef fetched = imported.fetched().get((int) index);
            if (fetched == null) {
                try {
                    fetched = imported.source().materialize(key, (int) index, imported.context().apply((int) index));
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("cannot fetch the cached result of " + name + ": " + e.getMessage(),
                            e);
                }
                imported.fetched().put((int) index, fetched);
                if (imported.outputs() == 1) {
                    remember(store, fetched);
                }
            }
            return fetched;
        }
        if (results == null && run != null) {
            throw new IllegalStateException("step " + name + " has not run yet; its result was read before it was"
                    + " ready");
        }
        if (results == null) {
            List<ResultRef> loaded = new ArrayList<>();
            for (String id : recordedIds) {
                loaded.add(store.load(id));
            }
            results = loaded;
        }
        if (index < 0 || index >= results.size()) {
            throw new IllegalStateException("output " + index + " does not exist (the op has " + results.size()
                    + " outputs)");
        }
        return results.get((int) index);
    }
}
