package org.jbuildkit.session.filesync;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Go's {@code url.QueryEscape} and {@code url.QueryUnescape}, with which upstream carries non-ASCII
 * values in gRPC headers (a sibling {@code <key>-encoded: 1} header marks them). Java's URLDecoder
 * differs in what it rejects, so this follows Go exactly.
 */
final class GoQueryEscape {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private GoQueryEscape() {
    }

    /** Everything but {@code A-Za-z0-9-_.~} as {@code %XX} of its UTF-8 bytes, space as {@code +}. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return out.toString();
    }

    /** {@code +} as space and {@code %XX} as a byte; empty when a {@code %} is not followed by two hex digits. */
    static Optional<String> unescape(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] in = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '%') {
                if (i + 2 >= in.length || hex(in[i + 1]) < 0 || hex(in[i + 2]) < 0) {
                    return Optional.empty();
                }
                out.write(hex(in[i + 1]) << 4 | hex(in[i + 2]));
                i += 2;
            } else if (b == '+') {
                out.write(' ');
            } else {
                out.write(b);
            }
        }
        return Optional.of(out.toString(StandardCharsets.UTF_8));
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
