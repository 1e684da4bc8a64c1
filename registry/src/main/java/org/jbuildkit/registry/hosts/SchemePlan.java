package org.jbuildkit.registry.hosts;

/**
 * How an endpoint is dialled, decided once from its section (PROTOCOLS.md §9 rules 2–3). The only plan with a
 * second step is {@link #HTTPS_UNVERIFIED_THEN_HTTP}: {@link RegistryTransport} moves to plain HTTP when the HTTPS
 * attempt is answered in plain HTTP (or times out in the handshake) and remembers that for the host.
 */
public enum SchemePlan {
    /** HTTPS, certificate verified against the system roots plus {@code ca}. */
    HTTPS("https", "HTTPS"),
    /** {@code insecure = true}: HTTPS, any certificate accepted, no host name check. */
    HTTPS_UNVERIFIED("https", "HTTPS without certificate verification (insecure = true)"),
    /** {@code http = true}, or a localhost registry with {@code http} unset. */
    HTTP("http", "plain HTTP"),
    /** {@code insecure = true} and plain HTTP: unverified HTTPS first, then plain HTTP. */
    HTTPS_UNVERIFIED_THEN_HTTP("https", "HTTPS without certificate verification, falling back to plain HTTP");

    private final String firstScheme;
    private final String description;

    SchemePlan(String firstScheme, String description) {
        this.firstScheme = firstScheme;
        this.description = description;
    }

    /** {@code "https"} or {@code "http"}: what is tried first. */
    public String firstScheme() {
        return firstScheme;
    }

    public boolean verifiesCertificates() {
        return this == HTTPS;
    }

    public boolean fallsBackToHttp() {
        return this == HTTPS_UNVERIFIED_THEN_HTTP;
    }

    public String describe() {
        return description;
    }
}
