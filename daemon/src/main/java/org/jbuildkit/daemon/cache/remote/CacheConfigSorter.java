package org.jbuildkit.daemon.cache.remote;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Upstream's {@code sortConfig} ({@code cache/remotecache/v1/utils.go}): layers ordered by blob digest then parent,
 * records by digest, input count, and per slot by link count, selector and the linked record's digest; indexes
 * remapped and each slot's links ordered by index. The same build then gives the same config bytes as upstream's.
 */
final class CacheConfigSorter {
    private CacheConfigSorter() {
    }

    static CacheConfig sort(CacheConfig config) {
        List<CacheConfig.Layer> layers = config.layers();
        List<CacheConfig.Record> records = config.records();

        Integer[] layerOrder = indexes(layers.size());
        Arrays.sort(layerOrder, Comparator.<Integer, String>comparing(i -> layers.get(i).blob().toString())
                .thenComparingInt(i -> layers.get(i).parent()));
        int[] newLayer = inverse(layerOrder);
        List<CacheConfig.Layer> sortedLayers = new ArrayList<>();
        for (int old : layerOrder) {
            CacheConfig.Layer l = layers.get(old);
            sortedLayers.add(new CacheConfig.Layer(l.blob(), l.parent() == -1 ? -1 : newLayer[l.parent()],
                    l.annotations()));
        }
        return new CacheConfig(sortedLayers, sortRecords(records, i -> newLayer[i]));
    }

    /** The records in upstream's order, links remapped and result layers mapped through {@code layerIndex}. */
    static List<CacheConfig.Record> sortRecords(List<CacheConfig.Record> records, IntUnaryOperator layerIndex) {
        Integer[] recordOrder = indexes(records.size());
        Arrays.sort(recordOrder, (a, b) -> compareRecords(records, records.get(a), records.get(b)));
        int[] newRecord = inverse(recordOrder);
        List<CacheConfig.Record> sortedRecords = new ArrayList<>();
        for (int old : recordOrder) {
            CacheConfig.Record r = records.get(old);
            List<CacheConfig.Result> results = r.results().stream()
                    .map(res -> new CacheConfig.Result(layerIndex.applyAsInt(res.layer()), res.createdAt())).toList();
            List<CacheConfig.Chain> chains = r.chains().stream().map(c -> new CacheConfig.Chain(
                    c.layers().stream().map(layerIndex::applyAsInt).toList(), c.createdAt())).toList();
            List<List<CacheConfig.Input>> inputs = r.inputs().stream().map(slot -> slot.stream()
                    .map(in -> new CacheConfig.Input(in.selector(), newRecord[in.link()]))
                    .sorted(Comparator.comparingInt(CacheConfig.Input::link)).toList()).toList();
            sortedRecords.add(new CacheConfig.Record(r.digest(), results, chains, inputs));
        }
        return sortedRecords;
    }

    private static int compareRecords(List<CacheConfig.Record> records, CacheConfig.Record a, CacheConfig.Record b) {
        int c = a.digest().toString().compareTo(b.digest().toString());
        if (c != 0) {
            return c;
        }
        if (a.inputs().size() != b.inputs().size()) {
            return Integer.compare(a.inputs().size(), b.inputs().size());
        }
        for (int i = 0; i < a.inputs().size(); i++) {
            List<CacheConfig.Input> x = a.inputs().get(i);
            List<CacheConfig.Input> y = b.inputs().get(i);
            if (x.size() != y.size()) {
                return Integer.compare(x.size(), y.size());
            }
            for (int j = 0; j < x.size(); j++) {
                c = x.get(j).selector().compareTo(y.get(j).selector());
                if (c != 0) {
                    return c;
                }
                c = records.get(x.get(j).link()).digest().toString()
                        .compareTo(records.get(y.get(j).link()).digest().toString());
                if (c != 0) {
                    return c;
                }
            }
        }
        return 0;
    }

    private static Integer[] indexes(int n) {
        Integer[] out = new Integer[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    private static int[] inverse(Integer[] order) {
        int[] out = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            out[order[i]] = i;
        }
        return out;
    }
}
