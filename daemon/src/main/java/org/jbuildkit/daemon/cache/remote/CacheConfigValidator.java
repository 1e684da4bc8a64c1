package org.jbuildkit.daemon.cache.remote;

import java.util.ArrayDeque;
import java.util.List;

/** The index checks of {@link CacheConfig#validate()}, with errors naming the layer, record or input at fault. */
final class CacheConfigValidator {
    private CacheConfigValidator() {
    }

    static void validate(CacheConfig config) {
        List<CacheConfig.Layer> layers = config.layers();
        List<CacheConfig.Record> records = config.records();
        for (int i = 0; i < layers.size(); i++) {
            int parent = layers.get(i).parent();
            if (parent < -1 || parent >= layers.size()) {
                throw new CacheFormatException("cache config layer " + i + " has parent " + parent
                        + ", out of range: there are " + layers.size() + " layers (-1 = no parent)");
            }
        }
        int[] state = new int[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            checkParentChain(layers, i, state);
        }
        for (int r = 0; r < records.size(); r++) {
            CacheConfig.Record record = records.get(r);
            for (int j = 0; j < record.results().size(); j++) {
                int layer = record.results().get(j).layer();
                if (layer < 0 || layer >= layers.size()) {
                    throw new CacheFormatException("cache config record " + r + " result " + j + " names layer "
                            + layer + ", out of range: there are " + layers.size() + " layers");
                }
            }
            for (int j = 0; j < record.chains().size(); j++) {
                for (int layer : record.chains().get(j).layers()) {
                    if (layer < 0 || layer >= layers.size()) {
                        throw new CacheFormatException("cache config record " + r + " chain " + j + " names layer "
                                + layer + ", out of range: there are " + layers.size() + " layers");
                    }
                }
            }
            for (int slot = 0; slot < record.inputs().size(); slot++) {
                List<CacheConfig.Input> links = record.inputs().get(slot);
                if (links.isEmpty()) {
                    throw new CacheFormatException("cache config record " + r + " input " + slot
                            + " has no links (each input slot needs at least one)");
                }
                for (CacheConfig.Input link : links) {
                    if (link.link() < 0 || link.link() >= records.size()) {
                        throw new CacheFormatException("cache config record " + r + " input " + slot + " links to"
                                + " record " + link.link() + ", out of range: there are " + records.size()
                                + " records");
                    }
                }
            }
        }
        int[][] links = new int[records.size()][];
        for (int r = 0; r < records.size(); r++) {
            links[r] = records.get(r).inputs().stream().flatMap(List::stream).mapToInt(CacheConfig.Input::link)
                    .toArray();
        }
        int[] visit = new int[records.size()];
        for (int r = 0; r < records.size(); r++) {
            checkLinks(links, r, visit);
        }
    }

    private static void checkParentChain(List<CacheConfig.Layer> layers, int start, int[] state) {
        // state: 0 = unseen, 1 = on the current walk, 2 = known to reach a base layer.
        int i = start;
        while (i != -1 && state[i] == 0) {
            state[i] = 1;
            i = layers.get(i).parent();
        }
        if (i != -1 && state[i] == 1) {
            throw new CacheFormatException("cache config layer " + i + " is its own ancestor (parent cycle through"
                    + " layer " + start + ")");
        }
        for (int j = start; j != -1 && state[j] == 1; j = layers.get(j).parent()) {
            state[j] = 2;
        }
    }

    private static void checkLinks(int[][] links, int start, int[] visit) {
        // Iterative depth-first search so a long chain of records cannot overflow the stack.
        if (visit[start] != 0) {
            return;
        }
        ArrayDeque<int[]> stack = new ArrayDeque<>();
        visit[start] = 1;
        stack.push(new int[] {start, 0});
        while (!stack.isEmpty()) {
            int[] frame = stack.peek();
            if (frame[1] >= links[frame[0]].length) {
                visit[frame[0]] = 2;
                stack.pop();
                continue;
            }
            int next = links[frame[0]][frame[1]++];
            if (visit[next] == 1) {
                throw new CacheFormatException("cache config record " + next + " links to itself through its inputs"
                        + " (a loop through record " + frame[0] + ")");
            }
            if (visit[next] == 0) {
                visit[next] = 1;
                stack.push(new int[] {next, 0});
            }
        }
    }
}
