package org.jbuildkit.daemon.worker.snapshot;

import org.jbuildkit.registry.image.Digest;

/** What unpacking a layer found: its diffID (sha256 of the uncompressed tar), that tar's size and entry count. */
public record AppliedLayer(Digest diffId, long uncompressedSize, long entries) {}
