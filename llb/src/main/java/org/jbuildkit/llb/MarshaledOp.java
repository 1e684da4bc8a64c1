package org.jbuildkit.llb;

import java.util.List;
import org.jbuildkit.api.pb.OpMetadata;

/** A vertex in wire form: its deterministic bytes, their digest, the op's metadata and its source locations. */
record MarshaledOp(String digest, byte[] bytes, OpMetadata metadata, List<SourceMap.Location> sourceLocations) {
    MarshaledOp {
        sourceLocations = List.copyOf(sourceLocations);
    }
}
