package org.jbuildkit.session.filesync;

/**
 * What one transfer moved: entries the sender listed, regular files the receiver asked for, entries a
 * sync kept because they had not changed, entries it deleted because the sender no longer has them,
 * entries skipped (devices, fifos, sockets), and the bytes of packets received.
 */
public record ReceiveReport(long listed, long requested, long kept, long deleted, long skipped, long bytes) {
}
