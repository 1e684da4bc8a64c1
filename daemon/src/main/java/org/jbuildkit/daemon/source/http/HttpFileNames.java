package org.jbuildkit.daemon.source.http;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The name a downloaded file gets, as upstream's {@code getFileName}: {@code http.filename} if given, else
 * the {@code filename} a {@code Content-Disposition} answer suggested, else the URL's last path segment,
 * each reduced to a safe base name ({@code download} when nothing usable is left).
 */
final class HttpFileNames {
    static final String DEFAULT = "download";

    private HttpFileNames() {
    }

    /** {@code suggested} is what {@link #dispositionFilename} found in the answer, empty when nothing. */
    static String choose(URI url, String manual, String suggested) {
        if (manual != null && !manual.isEmpty()) {
            return safe(manual);
        }
        if (suggested != null && !suggested.isEmpty()) {
            return safe(suggested);
        }
        String path = url.getPath() == null ? "" : url.getPath();
        String base = baseName(path);
        return base.isEmpty() || base.equals("/") ? DEFAULT : safe(base);
    }

    /** The {@code filename} parameter ({@code filename*} preferred, RFC 5987) unless it names a directory. */
    static Optional<String> dispositionFilename(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Map<String, String> params = parameters(header);
        String name = params.get("filename*");
        if (name != null) {
            name = decodeExtended(name);
        }
        if (name == null) {
            name = params.get("filename");
        }
        if (name == null || name.isEmpty() || name.endsWith("/")) {
            return Optional.empty();
        }
        String base = baseName(name);
        return base.isEmpty() ? Optional.empty() : Optional.of(base);
    }

    /** As upstream's {@code pathutil.SafeFileName}: the base name, or {@link #DEFAULT} for ".", "..", controls. */
    static String safe(String name) {
        String base = baseName(name.strip());
        if (base.isEmpty() || base.equals(".") || base.equals("..") || base.equals("/")) {
            return DEFAULT;
        }
        for (int i = 0; i < base.length(); i++) {
            if (Character.isISOControl(base.charAt(i))) {
                return DEFAULT;
            }
        }
        return base;
    }

    /** Go's {@code path.Base}: the last element, trailing slashes dropped; "/" for all slashes, "" for "". */
    private static String baseName(String path) {
        if (path.isEmpty()) {
            return "";
        }
        String trimmed = path;
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.equals("/")) {
            return "/";
        }
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    private static Map<String, String> parameters(String header) {
        Map<String, String> params = new HashMap<>();
        int i = header.indexOf(';');
        while (i >= 0 && i < header.length()) {
            int eq = header.indexOf('=', i + 1);
            if (eq < 0) {
                break;
            }
            String key = header.substring(i + 1, eq).strip().toLowerCase(Locale.ROOT);
            int pos = eq + 1;
            while (pos < header.length() && header.charAt(pos) == ' ') {
                pos++;
            }
            StringBuilder value = new StringBuilder();
            if (pos < header.length() && header.charAt(pos) == '"') {
                pos++;
                while (pos < header.length() && header.charAt(pos) != '"') {
                    char c = header.charAt(pos);
                    if (c == '\\' && pos + 1 < header.length()) {
                        c = header.charAt(++pos);
                    }
                    value.append(c);
                    pos++;
                }
                pos = header.indexOf(';', pos);
            } else {
                int end = header.indexOf(';', pos);
                value.append(header, pos, end < 0 ? header.length() : end);
                pos = end;
            }
            params.putIfAbsent(key, value.toString().strip());
            i = pos;
        }
        return params;
    }

    /** {@code charset'language'percent-encoded}, e.g. {@code UTF-8''na%C3%AFve.txt}; null when malformed. */
    private static String decodeExtended(String value) {
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        if (second < 0) {
            return null;
        }
        try {
            Charset charset = Charset.forName(value.substring(0, first));
            return URLDecoder.decode(value.substring(second + 1).replace("+", "%2B"), charset);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
