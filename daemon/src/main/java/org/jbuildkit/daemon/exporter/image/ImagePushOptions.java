package org.jbuildkit.daemon.exporter.image;

import java.util.Map;
import java.util.Set;
import org.jbuildkit.daemon.exporter.ExporterException;

/**
 * The attributes only {@code type=image} reads, as upstream's image exporter: {@code push}, {@code push-by-digest}
 * (push the manifest under its digest, no tag), {@code registry.insecure} (unverified HTTPS then plain HTTP for the
 * push), {@code store} and {@code unpack} (this daemon has no image store: the image stays in the worker's content
 * store either way), {@code name-canonical} (also name the image {@code NAME@DIGEST}) and
 * {@code dangling-name-prefix} (name an unnamed image {@code PREFIX@DIGEST}).
 *
 * @param danglingNamePrefix the prefix, or null
 */
record ImagePushOptions(boolean push, boolean pushByDigest, boolean insecure, boolean store, boolean nameCanonical,
        String danglingNamePrefix) {

    static final String PUSH = "push";
    static final String PUSH_BY_DIGEST = "push-by-digest";
    static final String INSECURE = "registry.insecure";
    static final String STORE = "store";
    static final String UNPACK = "unpack";
    static final String NAME_CANONICAL = "name-canonical";
    static final String DANGLING_NAME_PREFIX = "dangling-name-prefix";
    static final Set<String> KEYS = Set.of(PUSH, PUSH_BY_DIGEST, INSECURE, STORE, UNPACK, NAME_CANONICAL,
            DANGLING_NAME_PREFIX);

    static ImagePushOptions parse(Map<String, String> attrs) throws ExporterException {
        bool(attrs, UNPACK, false);
        String prefix = attrs.get(DANGLING_NAME_PREFIX);
        return new ImagePushOptions(bool(attrs, PUSH, false), bool(attrs, PUSH_BY_DIGEST, false),
                bool(attrs, INSECURE, false), bool(attrs, STORE, true), bool(attrs, NAME_CANONICAL, false),
                prefix == null || prefix.isBlank() ? null : prefix.trim());
    }

    /** Go's {@code strconv.ParseBool} as upstream reads these; an empty value means true, as upstream's does. */
    private static boolean bool(Map<String, String> attrs, String key, boolean absent) throws ExporterException {
        String value = attrs.get(key);
        if (value == null) {
            return absent;
        }
        if (value.isEmpty()) {
            return true;
        }
        Boolean parsed = GoBool.parse(value);
        if (parsed == null) {
            throw new ExporterException("non-bool value for " + key + ": \"" + value + "\"; use " + key + "=true or "
                    + key + "=false");
        }
        return parsed;
    }
}
