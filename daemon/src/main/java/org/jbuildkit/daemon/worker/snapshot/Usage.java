package org.jbuildkit.daemon.worker.snapshot;

/** Disk used by one snapshot's own directory (not its parents): bytes in blocks and inode count. */
public record Usage(long size, long inodes) {}
