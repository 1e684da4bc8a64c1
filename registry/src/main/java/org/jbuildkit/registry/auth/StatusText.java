package org.jbuildkit.registry.auth;

/** {@code 401 Unauthorized}: a status with its reason phrase, as messages show it. */
final class StatusText {

    private StatusText() {}

    static String of(int status) {
        String reason = switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "";
        };
        return reason.isEmpty() ? String.valueOf(status) : status + " " + reason;
    }
}
