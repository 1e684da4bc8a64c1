package org.jbuildkit.daemon.source.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jbuildkit.registry.image.Digest;

/**
 * An {@code http://} or {@code https://} source with upstream's attrs: {@code http.checksum} (the digest
 * the body must have; null when not pinned), {@code http.filename} (empty: chosen from the response),
 * {@code http.perm} (0: upstream's 0600), {@code http.uid}/{@code http.gid}, and the request headers
 * upstream lets through ({@code http.header.accept}, {@code http.header.user-agent}).
 */
public record HttpIdentifier(URI url, Digest checksum, String filename, int perm, int uid, int gid,
        List<Header> headers) {
    private static final Set<String> USER_HEADERS = Set.of("accept", "user-agent");
    private static final String HEADER_PREFIX = "http.header.";

    /** A request header from {@code http.header.<name>}, name in canonical form ({@code User-Agent}). */
    public record Header(String name, String value) {
    }

    public HttpIdentifier {
        headers = List.copyOf(headers);
    }

    public static HttpIdentifier parse(String identifier, Map<String, String> attrs) {
        URI url;
        try {
            url = URI.create(identifier);
        } catch (IllegalArgumentException e) {
            throw new HttpSourceException("HTTP source '" + identifier + "' is not a valid URL: " + e.getMessage(),
                    "give a URL like https://host/path/file");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new HttpSourceException("HTTP source '" + identifier + "' needs an http:// or https:// URL with a"
                    + " host", "give a URL like https://host/path/file");
        }
        for (String unsupported : List.of("http.authheadersecret", "http.sig.pubkey", "http.sig.signature")) {
            if (attrs.containsKey(unsupported)) {
                throw new HttpSourceException("HTTP source " + identifier + " uses " + unsupported
                        + ", which this daemon does not support yet", "drop that option from the build");
            }
        }
        Digest checksum = null;
        String pinned = attrs.getOrDefault("http.checksum", "");
        if (!pinned.isEmpty()) {
            try {
                checksum = Digest.parse(pinned);
            } catch (IllegalArgumentException e) {
                throw new HttpSourceException("http.checksum of " + identifier + " is not a digest: " + e.getMessage(),
                        "give the expected digest as sha256:<64 hex digits>");
            }
        }
        List<Header> headers = new ArrayList<>();
        for (Map.Entry<String, String> attr : attrs.entrySet()) {
            String name = attr.getKey().toLowerCase(Locale.ROOT);
            // As upstream: only the headers it supports pass; others are dropped without a word.
            if (name.startsWith(HEADER_PREFIX) && USER_HEADERS.contains(name.substring(HEADER_PREFIX.length()))) {
                headers.add(new Header(canonical(name.substring(HEADER_PREFIX.length())), attr.getValue()));
            }
        }
        headers.sort(Comparator.comparing(Header::name));
        return new HttpIdentifier(url, checksum, attrs.getOrDefault("http.filename", ""),
                integer(attrs, "http.perm", identifier), integer(attrs, "http.uid", identifier),
                integer(attrs, "http.gid", identifier), headers);
    }

    /** The URL plus the headers that can change the answer: what the daemon remembers answers by. */
    public String requestKey() {
        StringBuilder key = new StringBuilder(url.toString());
        headers.forEach(h -> key.append('\n').append(h.name()).append(": ").append(h.value()));
        return key.toString();
    }

    /** The file mode: {@code http.perm}, or upstream's 0600 when unset. */
    public int mode() {
        return perm != 0 ? perm : 0600;
    }

    /** Go's {@code strconv.ParseInt(v, 0, 64)}: 0x/0o/0b prefixes, a leading 0 for octal, '_' between digits. */
    static int integer(Map<String, String> attrs, String key, String identifier) {
        String raw = attrs.getOrDefault(key, "");
        if (raw.isEmpty()) {
            return 0;
        }
        String text = raw.replace("_", "").toLowerCase(Locale.ROOT);
        boolean negative = text.startsWith("-");
        if (negative || text.startsWith("+")) {
            text = text.substring(1);
        }
        int radix = 10;
        if (text.startsWith("0x")) {
            radix = 16;
            text = text.substring(2);
        } else if (text.startsWith("0o")) {
            radix = 8;
            text = text.substring(2);
        } else if (text.startsWith("0b")) {
            radix = 2;
            text = text.substring(2);
        } else if (text.length() > 1 && text.startsWith("0")) {
            radix = 8;
            text = text.substring(1);
        }
        try {
            int value = Integer.parseInt(text, radix);
            return negative ? -value : value;
        } catch (NumberFormatException e) {
            throw new HttpSourceException(key + " '" + raw + "' of " + identifier + " is not a number",
                    "give it in decimal, or octal with a leading 0 (e.g. 0644)");
        }
    }

    private static String canonical(String name) {
        StringBuilder out = new StringBuilder();
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : c);
            upper = c == '-';
        }
        return out.toString();
    }
}
