package org.jbuildkit.llb;

import java.net.URI;

/**
 * The parts of a git remote URL that name a git source: host and path, for https, ssh and scp-like forms.
 * Other schemes (file://) have no host; upstream's identifier then carries the whole URL.
 */
record GitUrl(String url, String host, String path) {
    private static final java.util.Set<String> HOSTED = java.util.Set.of("http", "https", "ssh", "git");

    static GitUrl parse(String raw) {
        String url = raw;
        if (!url.contains("://") && !url.matches("^[\\w.-]+@[\\w.-]+:.*")) {
            url = "https://" + url;
        }
        int scheme = url.indexOf("://");
        if (scheme > 0 && !HOSTED.contains(url.substring(0, scheme).toLowerCase(java.util.Locale.ROOT))) {
            return new GitUrl(url, null, null);
        }
        if (url.contains("://")) {
            URI uri = URI.create(url);
            String host = uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
            return new GitUrl(url, host, uri.getPath() == null ? "" : uri.getPath());
        }
        int at = url.indexOf('@');
        int colon = url.indexOf(':', at);
        return new GitUrl(url, url.substring(at + 1, colon), url.substring(colon + 1));
    }
}
