package org.jbuildkit.llb;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jbuildkit.api.pb.Location;
import org.jbuildkit.api.pb.Locations;
import org.jbuildkit.api.pb.Position;
import org.jbuildkit.api.pb.Range;
import org.jbuildkit.api.pb.Source;
import org.jbuildkit.api.pb.SourceInfo;

/**
 * Gathers the source locations of the ops of one marshal into a {@code pb.Source}: each distinct source map once in
 * {@code infos} (first use first), and per op digest the locations of every vertex with that digest.
 */
final class SourceMapCollector {

    private final Map<SourceMap, Integer> index = new IdentityHashMap<>();
    private final List<SourceMap> maps = new ArrayList<>();
    private final Map<String, List<Location>> locations = new LinkedHashMap<>();

    void add(String digest, List<SourceMap.Location> opLocations) {
        for (SourceMap.Location l : opLocations) {
            int i = index.computeIfAbsent(l.sourceMap(), m -> {
                maps.add(m);
                return maps.size() - 1;
            });
            Location.Builder loc = Location.newBuilder().setSourceIndex(i);
            for (SourceMap.Range r : l.ranges()) {
                loc.addRanges(Range.newBuilder()
                        .setStart(Position.newBuilder().setLine(r.startLine()).setCharacter(r.startCharacter()))
                        .setEnd(Position.newBuilder().setLine(r.endLine()).setCharacter(r.endCharacter())));
            }
            locations.computeIfAbsent(digest, d -> new ArrayList<>()).add(loc.build());
        }
    }

    Optional<Source> toProto() {
        if (maps.isEmpty()) {
            return Optional.empty();
        }
        Source.Builder s = Source.newBuilder();
        for (SourceMap m : maps) {
            s.addInfos(SourceInfo.newBuilder().setFilename(m.filename())
                    .setData(com.google.protobuf.ByteString.copyFrom(m.data())).setLanguage(m.language()));
        }
        locations.forEach((d, ls) -> s.putLocations(d, Locations.newBuilder().addAllLocations(ls).build()));
        return Optional.of(s.build());
    }
}
