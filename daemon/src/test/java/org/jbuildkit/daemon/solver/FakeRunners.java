package org.jbuildkit.daemon.solver;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.jbuildkit.api.pb.Op;

/**
 * Runners that pretend to build: a source gives its identifier, an exec gives "command(inputs)";
 * an exec named "sleep:N" waits N ms, "fail" throws, "block" waits until released or interrupted.
 * Pure logic for solver unit tests; the real runners are tested against runc.
 */
final class FakeRunners {
    record Value(String id) implements ResultRef {
    }

    record Run(String name, Instant start, Instant end) {
    }

    final List<Run> runs = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> execCounts = new ConcurrentHashMap<>();
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger interrupted = new AtomicInteger();

    Map<Op.OpCase, OpRunner> runners() {
        OpRunner source = new OpRunner() {
            @Override
            public CacheMap cacheMap(Vertex vertex) {
                return CacheMap.byKeys(vertex.digest(), 0);
            }

            @Override
            public List<ResultRef> exec(Vertex vertex, List<ResultRef> inputs, ExecContext context) {
                return List.of(new Value(vertex.op().getSource().getIdentifier()));
            }
        };
        OpRunner exec = new OpRunner() {
            @Override
            public CacheMap cacheMap(Vertex vertex) {
                return CacheMap.byKeys(vertex.op().getExec().getMeta().getArgs(0), vertex.inputs().size());
            }

            @Override
            public List<ResultRef> exec(Vertex vertex, List<ResultRef> inputs, ExecContext context)
                    throws Exception {
                String command = vertex.op().getExec().getMeta().getArgs(0);
                execCounts.computeIfAbsent(command, c -> new AtomicInteger()).incrementAndGet();
                Instant start = Instant.now();
                context.log(1, ("running " + command + "\n").getBytes());
                if (command.startsWith("sleep:")) {
                    Thread.sleep(Long.parseLong(command.substring(6)));
                } else if (command.equals("fail")) {
                    throw new IllegalStateException("exit code: 3");
                } else if (command.startsWith("block")) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                        throw e;
                    }
                }
                runs.add(new Run(command, start, Instant.now()));
                String in = String.join(",", inputs.stream().map(ResultRef::id).toList());
                return List.of(new Value(command + "(" + in + ")"));
            }
        };
        return Map.of(Op.OpCase.SOURCE, source, Op.OpCase.EXEC, exec);
    }

    static class MemoryStore implements ResultStore {
        final Map<String, List<String>> keys = new ConcurrentHashMap<>();

        @Override
        public Optional<List<String>> lookup(String cacheKey) {
            return Optional.ofNullable(keys.get(cacheKey));
        }

        @Override
        public void record(String cacheKey, List<ResultRef> results) {
            keys.put(cacheKey, results.stream().map(ResultRef::id).toList());
        }

        @Override
        public ResultRef load(String resultId) {
            return new Value(resultId);
        }
    }
}
