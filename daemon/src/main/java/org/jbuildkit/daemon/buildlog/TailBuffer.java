package org.jbuildkit.daemon.buildlog;

/** The last {@code capacity} bytes written to it, in order: the end of a log that grew too long. */
public final class TailBuffer {
    private final byte[] ring;
    private long written;

    public TailBuffer(int capacity) {
        ring = new byte[capacity];
    }

    public void write(byte[] data, int offset, int length) {
        // A prefix the ring would overwrite anyway is skipped, keeping positions as if it were written.
        int skip = Math.max(0, length - ring.length);
        written += skip;
        for (int i = offset + skip; i < offset + length; ) {
            int at = (int) (written % ring.length);
            int n = Math.min(offset + length - i, ring.length - at);
            System.arraycopy(data, i, ring, at, n);
            i += n;
            written += n;
        }
    }

    public void write(byte[] data) {
        write(data, 0, data.length);
    }

    /** Every byte ever written, kept or not. */
    public long written() {
        return written;
    }

    /** The kept bytes, oldest first. */
    public byte[] bytes() {
        int length = (int) Math.min(written, ring.length);
        byte[] out = new byte[length];
        int start = (int) ((written - length) % ring.length);
        int first = Math.min(length, ring.length - start);
        System.arraycopy(ring, start, out, 0, first);
        System.arraycopy(ring, 0, out, first, length - first);
        return out;
    }
}
