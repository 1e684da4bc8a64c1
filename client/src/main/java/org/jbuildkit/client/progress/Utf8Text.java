package org.jbuildkit.client.progress;

import java.nio.charset.StandardCharsets;

/**
 * Turns a byte stream that arrives in chunks into text without breaking characters: the bytes of a
 * character cut at the end of a chunk wait for the next one.
 */
final class Utf8Text {
    private byte[] carry = new byte[0];

    String decode(byte[] chunk) {
        byte[] bytes = carry.length == 0 ? chunk : concat(carry, chunk);
        int complete = completeLength(bytes);
        carry = java.util.Arrays.copyOfRange(bytes, complete, bytes.length);
        return new String(bytes, 0, complete, StandardCharsets.UTF_8);
    }

    /** What is still waiting, decoded as it is (the stream ended). */
    String flush() {
        String rest = new String(carry, StandardCharsets.UTF_8);
        carry = new byte[0];
        return rest;
    }

    /** The length up to the last character that is whole; an invalid lead byte counts as whole (it decodes to U+FFFD). */
    private static int completeLength(byte[] bytes) {
        int n = bytes.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int b = bytes[n - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue;
            }
            int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? n - back : n;
        }
        return n;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
