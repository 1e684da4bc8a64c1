package org.jbuildkit.daemon.worker.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Extended attributes outside the {@code user.} namespace, which the JDK cannot set: overlayfs keeps
 * opaque directories in {@code trusted.overlay.opaque}. Uses setfattr/getfattr (Debian package attr).
 */
final class Xattrs {
    static final String OVERLAY_OPAQUE = "trusted.overlay.opaque";

    private Xattrs() {
    }

    static void set(Path path, String name, String value) throws IOException {
        Commands.check(List.of("setfattr", "-h", "-n", name, "-v", value, "--", path.toString()));
    }

    static void markOpaque(Path dir) throws IOException {
        set(dir, OVERLAY_OPAQUE, "y");
    }

    /** Every directory under {@code root} (inclusive) that overlayfs treats as opaque, in one pass. */
    static Set<Path> opaqueDirs(Path root) throws IOException {
        // getfattr exits 1 when some files lack the attribute, which is the normal case here.
        var listing = Commands.run(null, List.of("getfattr", "-R", "-P", "--absolute-names", "-n",
                OVERLAY_OPAQUE, "--", root.toString()));
        Set<Path> opaque = new HashSet<>();
        Path current = null;
        for (String line : listing.stdout().split("\n")) {
            if (line.startsWith("# file: ")) {
                current = Path.of(unescape(line.substring("# file: ".length())));
            } else if (current != null && line.equals(OVERLAY_OPAQUE + "=\"y\"")) {
                opaque.add(current);
            }
        }
        return opaque;
    }

    /** getfattr prints unusual bytes as backslash-octal escapes. */
    private static String unescape(String text) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        var bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 3 < text.length() && Character.isDigit(text.charAt(i + 1))) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
