package org.jbuildkit.session.filesync;

import io.grpc.Metadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the daemon asks of the client in a {@code FileSync/DiffCopy} call, carried in its request
 * headers as upstream's {@code session/filesync} sends them: {@code dir-name} (the {@code --local} name),
 * {@code include-patterns}, {@code exclude-patterns} and {@code followpaths}, each multi-valued. When any
 * value of a key is not ASCII, all its values are query-escaped and {@code <key>-encoded: 1} is added.
 */
public record DiffCopyRequest(String dirName, FilterOptions filter) {
    public static final String DIR_NAME = "dir-name";
    public static final String INCLUDE_PATTERNS = "include-patterns";
    public static final String EXCLUDE_PATTERNS = "exclude-patterns";
    public static final String FOLLOW_PATHS = "followpaths";
    static final String ENCODED_SUFFIX = "-encoded";

    /** Reads the request from a call's headers; missing keys mean an empty name and no filter. */
    public static DiffCopyRequest fromHeaders(Metadata headers) {
        List<String> names = values(headers, DIR_NAME);
        return new DiffCopyRequest(names.isEmpty() ? "" : names.get(0), new FilterOptions(
                values(headers, INCLUDE_PATTERNS), values(headers, EXCLUDE_PATTERNS), values(headers, FOLLOW_PATHS)));
    }

    /** The headers a daemon sends for this request (upstream's {@code encodeOpts}); empty lists are left out. */
    public Metadata toHeaders() {
        Metadata headers = new Metadata();
        put(headers, INCLUDE_PATTERNS, filter.includePatterns());
        put(headers, EXCLUDE_PATTERNS, filter.excludePatterns());
        put(headers, FOLLOW_PATHS, filter.followPaths());
        put(headers, DIR_NAME, List.of(dirName));
        return headers;
    }

    private static void put(Metadata headers, String key, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        boolean encode = values.stream().anyMatch(v -> !StandardCharsets.US_ASCII.newEncoder().canEncode(v));
        for (String value : values) {
            headers.put(key(key), encode ? GoQueryEscape.escape(value) : value);
        }
        if (encode) {
            headers.put(key(key + ENCODED_SUFFIX), "1");
        }
    }

    /** All values of {@code key}, unescaped when its {@code -encoded} sibling says so; an undecodable value reads as "" as upstream. */
    private static List<String> values(Metadata headers, String key) {
        Iterable<String> raw = headers == null ? null : headers.getAll(key(key));
        List<String> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        boolean encoded = isEncoded(headers, key);
        for (String value : raw) {
            out.add(encoded ? GoQueryEscape.unescape(value).orElse("") : value);
        }
        return out;
    }

    private static boolean isEncoded(Metadata headers, String key) {
        Iterable<String> flag = headers.getAll(key(key + ENCODED_SUFFIX));
        if (flag == null) {
            return false;
        }
        String first = flag.iterator().next();
        // Go's strconv.ParseBool.
        return switch (first) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            default -> false;
        };
    }

    private static Metadata.Key<String> key(String name) {
        return Metadata.Key.of(name.toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER);
    }
}
