package org.jbuildkit.daemon.source.git;

import java.util.regex.Pattern;

/** Keeps passwords in remote URLs out of messages, as upstream's {@code urlutil.RedactCredentials}. */
final class GitUrls {
    private static final Pattern USER_AND_PASSWORD = Pattern.compile("^([a-zA-Z0-9+.-]+://[^/@:]*):[^/@]*@");

    private GitUrls() {
    }

    static String redact(String url) {
        return USER_AND_PASSWORD.matcher(url).replaceFirst("$1:xxxxx@");
    }
}
