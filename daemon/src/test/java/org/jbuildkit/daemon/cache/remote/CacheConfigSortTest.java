package org.jbuildkit.daemon.cache.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jbuildkit.daemon.cache.remote.CacheConfigJsonTest.d;

import java.util.List;
import org.junit.jupiter.api.Test;

class CacheConfigSortTest {

    @Test
    void layersAndRecordsTakeUpstreamsOrderWithIndexesRemapped() {
        // Layers: 0 = c (base), 1 = a on c, 2 = b on a. Records: 0 = key 3 (result layer 2, input from 1),
        // 1 = key 2 (result layer 1, input from 2), 2 = key 1 (result layer 0).
        CacheConfig config = new CacheConfig(List.of(
                new CacheConfig.Layer(d('c'), -1, null),
                new CacheConfig.Layer(d('a'), 0, null),
                new CacheConfig.Layer(d('b'), 1, null)),
                List.of(
                        new CacheConfig.Record(d('3'), List.of(new CacheConfig.Result(2, null)),
                                List.of(new CacheConfig.Chain(List.of(0, 1), null)),
                                List.of(List.of(new CacheConfig.Input("", 1), new CacheConfig.Input("", 2)))),
                        new CacheConfig.Record(d('2'), List.of(new CacheConfig.Result(1, null)), List.of(),
                                List.of(List.of(new CacheConfig.Input("", 2)))),
                        new CacheConfig.Record(d('1'), List.of(new CacheConfig.Result(0, null)), List.of(),
                                List.of()))).validate();

        CacheConfig sorted = config.sorted().validate();

        // a -> 0, b -> 1, c -> 2; key 1 -> 0, key 2 -> 1, key 3 -> 2.
        assertThat(sorted.layers()).containsExactly(
                new CacheConfig.Layer(d('a'), 2, null),
                new CacheConfig.Layer(d('b'), 0, null),
                new CacheConfig.Layer(d('c'), -1, null));
        assertThat(sorted.records()).containsExactly(
                new CacheConfig.Record(d('1'), List.of(new CacheConfig.Result(2, null)), List.of(), List.of()),
                new CacheConfig.Record(d('2'), List.of(new CacheConfig.Result(0, null)), List.of(),
                        List.of(List.of(new CacheConfig.Input("", 0)))),
                new CacheConfig.Record(d('3'), List.of(new CacheConfig.Result(1, null)),
                        List.of(new CacheConfig.Chain(List.of(2, 0), null)),
                        List.of(List.of(new CacheConfig.Input("", 0), new CacheConfig.Input("", 1)))));
        assertThat(sorted.chain(1)).containsExactly(2, 0, 1);
        assertThat(sorted.sorted()).isEqualTo(sorted);
    }

    @Test
    void recordsWithOneDigestAreOrderedByTheirInputs() {
        CacheConfig config = new CacheConfig(List.of(), List.of(
                new CacheConfig.Record(d('5'), List.of(), List.of(), List.of(List.of(new CacheConfig.Input("b", 2)))),
                new CacheConfig.Record(d('5'), List.of(), List.of(), List.of(List.of(new CacheConfig.Input("a", 2)))),
                new CacheConfig.Record(d('4'), List.of(), List.of(), List.of())));
        assertThat(config.sorted().records()).extracting(r -> r.digest().hex().charAt(0) + (r.inputs().isEmpty() ? ""
                : r.inputs().get(0).get(0).selector())).containsExactly("4", "5a", "5b");
    }
}
