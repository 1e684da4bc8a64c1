package org.jbuildkit.daemon.cache.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jbuildkit.api.DeterministicProto;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.api.pb.ExecOp;
import org.jbuildkit.api.pb.Input;
import org.jbuildkit.api.pb.Meta;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.SourceOp;
import org.jbuildkit.daemon.ops.SnapshotResult;
import org.jbuildkit.daemon.solver.BuildGraph;
import org.jbuildkit.daemon.solver.BuildStep;
import org.jbuildkit.daemon.solver.CacheMap;
import org.jbuildkit.daemon.solver.ExecContext;
import org.jbuildkit.daemon.solver.OpRunner;
import org.jbuildkit.daemon.solver.ProgressSink;
import org.jbuildkit.daemon.solver.ResultRef;
import org.jbuildkit.daemon.solver.ResultStore;
import org.jbuildkit.daemon.solver.SolveJob;
import org.jbuildkit.daemon.solver.SolveOptions;
import org.jbuildkit.daemon.solver.Solver;
import org.jbuildkit.daemon.solver.Vertex;
import org.jbuildkit.daemon.worker.metadata.LayerBlob;
import org.jbuildkit.daemon.worker.snapshot.SnapshotId;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.Digest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A build's steps as a cache config and back: records link the outputs they read, a content-based input goes
 * through a checksum record, {@code mode=min} gives only the result its layers, and an importer finds every key,
 * result chain and checksum again after a JSON round trip.
 */
class CacheChainsTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    /** Each snapshot is one layer on its input's: the snapshot named "a~b~c" has layers a, b, c. */
    private final Map<String, String> snapshotNames = new java.util.concurrent.ConcurrentHashMap<>();
    private final CacheChains.LayerSource layers = result -> {
        List<LayerBlob> chain = new ArrayList<>();
        for (String part : snapshotNames.get(result.snapshot().value()).split("~")) {
            byte[] name = part.getBytes(StandardCharsets.UTF_8);
            chain.add(new LayerBlob(Descriptor.of("application/vnd.oci.image.layer.v1.tar+gzip", Digest.sha256(name),
                    name.length), Digest.sha256(("tar of " + part).getBytes(StandardCharsets.UTF_8))));
        }
        return chain;
    };

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private final List<ByteString> ops = new ArrayList<>();

    private String add(Op op) {
        ByteString bytes = ByteString.copyFrom(DeterministicProto.marshal(op));
        if (!ops.contains(bytes)) {
            ops.add(bytes);
        }
        return Digest.sha256(bytes.toByteArray()).toString();
    }

    private String source(String id) {
        return add(Op.newBuilder().setSource(SourceOp.newBuilder().setIdentifier(id)).build());
    }

    private String exec(String command, String... inputs) {
        Op.Builder op = Op.newBuilder().setExec(ExecOp.newBuilder().setMeta(Meta.newBuilder().addArgs(command)));
        for (String input : inputs) {
            op.addInputs(Input.newBuilder().setDigest(input).setIndex(0));
        }
        return add(op.build());
    }

    /** A builder stage copied (by content) into a final stage. */
    private Definition twoStages() {
        ops.clear();
        String builder = exec("compile", exec("unused-bulk", source("docker-image://golang")));
        String head = exec("run-final", exec("copy", builder, source("docker-image://busybox")));
        return Definition.newBuilder().addAllDef(ops).addDef(ByteString.copyFrom(DeterministicProto.marshal(
                Op.newBuilder().addInputs(Input.newBuilder().setDigest(head).setIndex(0)).build()))).build();
    }

    private Map<Op.OpCase, OpRunner> runners() {
        OpRunner source = new OpRunner() {
            @Override
            public CacheMap cacheMap(Vertex vertex) {
                return CacheMap.byKeys(vertex.digest(), 0);
            }

            @Override
            public List<ResultRef> exec(Vertex vertex, List<ResultRef> inputs, ExecContext context) {
                return List.of(snapshot(vertex.op().getSource().getIdentifier().replaceAll(".*/", "")));
            }
        };
        OpRunner exec = new OpRunner() {
            @Override
            public CacheMap cacheMap(Vertex vertex) {
                String command = vertex.op().getExec().getMeta().getArgs(0);
                CacheMap byKeys = CacheMap.byKeys(command, vertex.inputs().size());
                return command.equals("copy") ? new CacheMap(command, List.of(Optional.of("/out"))) : byKeys;
            }

            @Override
            public List<ResultRef> exec(Vertex vertex, List<ResultRef> inputs, ExecContext context) {
                // The copy lands on its second input (busybox); every other step on its first.
                SnapshotResult base = (SnapshotResult) inputs.get(inputs.size() - 1);
                return List.of(snapshot(snapshotNames.get(base.snapshot().value()) + "~"
                        + vertex.op().getExec().getMeta().getArgs(0)));
            }
        };
        return Map.of(Op.OpCase.SOURCE, source, Op.OpCase.EXEC, exec);
    }

    private synchronized SnapshotResult snapshot(String name) {
        String id = String.valueOf(snapshotNames.size() + 1);
        snapshotNames.put(id, name);
        return new SnapshotResult(new SnapshotId(id));
    }

    private SolveJob build() throws Exception {
        ResultStore store = new ResultStore() {
            private final Map<String, List<ResultRef>> keys = new HashMap<>();
            private final Map<String, ResultRef> ids = new HashMap<>();

            @Override
            public synchronized Optional<List<String>> lookup(String cacheKey) {
                return Optional.ofNullable(keys.get(cacheKey)).map(l -> l.stream().map(ResultRef::id).toList());
            }

            @Override
            public synchronized void record(String cacheKey, List<ResultRef> results) {
                keys.put(cacheKey, results);
                results.forEach(r -> ids.put(r.id(), r));
            }

            @Override
            public synchronized ResultRef load(String resultId) {
                return ids.get(resultId);
            }
        };
        Solver solver = new Solver(runners(), store, (ref, selector) -> Digest.sha256((ref.id() + selector)
                .getBytes(StandardCharsets.UTF_8)).toString(), executor, 0, Clock.systemUTC());
        SolveJob job = solver.solve(BuildGraph.load(twoStages()), SolveOptions.defaults(), ProgressSink.NONE);
        job.result().get(10, TimeUnit.SECONDS);
        return job;
    }

    private static BuildStep step(SolveJob job, String command) {
        return job.steps().stream().filter(s -> s.vertex().name().equals(command)).findFirst().orElseThrow();
    }

    /** The config as an importer reads it: through JSON, annotations back from the manifest's descriptors. */
    private static CacheConfig roundTrip(CacheChains.Built built) {
        BuiltCacheManifest manifest = CacheManifests.build(built.config(), true, true);
        CacheConfig read = CacheConfigJson.read(manifest.configBlob(), "test cache");
        return CacheManifests.annotate(read, manifest.layers());
    }

    private static ImportedCache imported(CacheConfig config) {
        return new ImportedCache("test", config, null, null);
    }

    @Test
    void maxGivesEveryStepItsLayersAndTheCopyItsChecksum() throws Exception {
        SolveJob job = build();
        CacheChains.Built built = CacheChains.of(job, true, layers, Instant.EPOCH);
        ImportedCache cache = imported(roundTrip(built));

        for (BuildStep step : job.steps()) {
            assertThat(cache.outputs(step.key())).as(step.vertex().name()).contains(1);
        }
        BuildStep.Input copied = step(job, "copy").inputs().get(0);
        assertThat(cache.checksum(copied.key(), copied.output(), "/out")).isEqualTo(copied.checksum());
        // busybox, copy, run-final: the result's chain, base first.
        CacheConfig.Record head = roundTrip(built).records().stream().filter(r -> r.digest().equals(
                CacheRecordKeys.of(job.head().orElseThrow().key(), 0))).findFirst().orElseThrow();
        assertThat(cache.layersOf(head)).extracting(l -> l.blob().digest()).containsExactly(
                Digest.sha256("busybox".getBytes(StandardCharsets.UTF_8)),
                Digest.sha256("copy".getBytes(StandardCharsets.UTF_8)),
                Digest.sha256("run-final".getBytes(StandardCharsets.UTF_8)));
        // The builder's chain shares no layer with the final one; each blob is listed once.
        assertThat(built.blobs()).extracting(b -> b.blob().digest()).doesNotHaveDuplicates().hasSize(6);
    }

    @Test
    void minGivesOnlyTheResultItsLayersButKeepsTheKeysAndChecksums() throws Exception {
        SolveJob job = build();
        CacheChains.Built built = CacheChains.of(job, false, layers, Instant.EPOCH);
        ImportedCache cache = imported(roundTrip(built));

        assertThat(cache.outputs(job.head().orElseThrow().key())).contains(1);
        assertThat(cache.outputs(step(job, "compile").key())).isEmpty();
        assertThat(cache.outputs(step(job, "unused-bulk").key())).isEmpty();
        BuildStep.Input copied = step(job, "copy").inputs().get(0);
        assertThat(cache.checksum(copied.key(), copied.output(), "/out")).isEqualTo(copied.checksum());
        assertThat(built.blobs()).extracting(b -> b.blob().digest()).containsExactly(
                Digest.sha256("busybox".getBytes(StandardCharsets.UTF_8)),
                Digest.sha256("copy".getBytes(StandardCharsets.UTF_8)),
                Digest.sha256("run-final".getBytes(StandardCharsets.UTF_8)));
    }
}
