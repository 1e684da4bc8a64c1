package org.jbuildkit.llb;

import org.jbuildkit.api.pb.OpMetadata;

/** A vertex in wire form: its deterministic bytes, their digest and the op's metadata. */
record MarshaledOp(String digest, byte[] bytes, OpMetadata metadata) {
}
