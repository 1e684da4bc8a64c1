package org.jbuildkit.registry.diagnostics;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.jbuildkit.registry.hosts.RegistryEndpoint;

/** The wording of every diagnosis: what the peer did, the problem, and the exact fix, for one endpoint. */
final class Diagnoses {

    private final RegistryEndpoint endpoint;
    private final String scheme;
    private final String address;
    private final int port;

    Diagnoses(RegistryEndpoint endpoint, String scheme, String address, int port) {
        this.endpoint = endpoint;
        this.scheme = scheme;
        this.address = address;
        this.port = port;
    }

    private String section() {
        return "[registry.\"" + endpoint.sectionKey() + "\"]";
    }

    private String url() {
        return scheme + "://" + endpoint.host() + "/v2/";
    }

    private String dialled() {
        return address.equals(endpoint.hostName()) ? address + ":" + port
                : address + ":" + port + " (" + endpoint.hostName() + ")";
    }

    Diagnosis ok(String peer) {
        return new Diagnosis(Diagnosis.Kind.OK, Phase.HTTP, peer, "none",
                "nothing to fix: the daemon reaches this registry with its settings");
    }

    Diagnosis dnsFailure() {
        String name = endpoint.hostName();
        String problem = looksLikeKubernetesService(name)
                ? "\"" + name + "\" looks like a Kubernetes service name; those resolve only inside the cluster"
                        + " (from the daemon's pod), and from another namespace only as"
                        + " <service>.<namespace>.svc.cluster.local"
                : "the daemon's resolver does not know the name";
        String fix = looksLikeKubernetesService(name)
                ? "run buildkitd inside the cluster, or use the fully qualified service name (e.g. " + shortName(name)
                        + ".<namespace>.svc.cluster.local" + portSuffix() + ") in the image reference"
                : "correct the host name in the image reference, or make it resolvable on the daemon's machine"
                        + " (its DNS server or /etc/hosts)";
        return new Diagnosis(Diagnosis.Kind.DNS_FAILURE, Phase.DNS,
                "the name " + name + " does not resolve on the daemon's machine", problem, fix);
    }

    Diagnosis refused() {
        return new Diagnosis(Diagnosis.Kind.CONNECTION_REFUSED, Phase.CONNECT,
                "connection to " + dialled() + " refused", "nothing listens on port " + port + " of " + address,
                addressFix());
    }

    Diagnosis timeout(Duration after) {
        return new Diagnosis(Diagnosis.Kind.CONNECT_TIMEOUT, Phase.CONNECT,
                "connecting to " + dialled() + " timed out after " + human(after),
                "nothing answered at that address and port (wrong address or port, a firewall, or a name that"
                        + " resolves to an unreachable address)",
                addressFix());
    }

    Diagnosis connectFailed(String what) {
        return new Diagnosis(Diagnosis.Kind.CONNECTION_REFUSED, Phase.CONNECT,
                "connecting to " + dialled() + " failed: " + what, "the address cannot be reached from the daemon",
                addressFix());
    }

    Diagnosis plainHttpOnHttpsPort() {
        return new Diagnosis(Diagnosis.Kind.PLAIN_HTTP_ON_HTTPS, Phase.TLS, url() + " answered in plain HTTP",
                "the registry speaks plain HTTP",
                "add " + section() + " http = true to buildkitd.toml (or registry.insecure=true on the output)");
    }

    Diagnosis httpToHttpsPort(String answer) {
        return new Diagnosis(Diagnosis.Kind.HTTP_TO_HTTPS_PORT, Phase.HTTP, url() + " " + answer,
                "the registry speaks HTTPS but the daemon sent plain HTTP ("
                        + settingReason() + ")",
                (endpoint.config().http().isTrue()
                        ? "remove http = true from " + section() + " in buildkitd.toml"
                        : "set " + section() + " http = false in buildkitd.toml (localhost registries default to"
                                + " plain HTTP, as upstream)")
                        + " (and add ca = [\"/path/ca.pem\"], or insecure = true, if its certificate is"
                        + " self-signed)");
    }

    Diagnosis unknownAuthority(X509Certificate[] chain) {
        X509Certificate leaf = chain[0];
        X509Certificate top = chain[chain.length - 1];
        String extra = Certificates.sans(leaf).isEmpty() ? "; it also has no subject alternative names" : "";
        return new Diagnosis(Diagnosis.Kind.UNKNOWN_AUTHORITY, Phase.TLS,
                url() + " presented a certificate for " + Certificates.subject(leaf) + " issued by "
                        + Certificates.issuer(top) + extra,
                "certificate signed by unknown authority " + Certificates.issuer(top),
                "add ca = [\"/path/ca.pem\"] (the certificate of " + Certificates.issuer(top) + ") under " + section()
                        + " in buildkitd.toml, or install it in the trust store of the daemon's machine (or set"
                        + " insecure = true there to skip verification)");
    }

    Diagnosis commonNameOnly(X509Certificate leaf) {
        return new Diagnosis(Diagnosis.Kind.COMMON_NAME_ONLY, Phase.TLS,
                url() + " presented a certificate with only a Common Name (" + Certificates.subject(leaf)
                        + ") and no subject alternative names",
                "certificates without SANs are rejected (Go 1.15+ and BuildKit ignore the Common Name)",
                "reissue the registry's certificate with subjectAltName = " + sanFor() + " (openssl: -addext"
                        + " \"subjectAltName=" + sanFor() + "\"), or set " + section() + " insecure = true in"
                        + " buildkitd.toml");
    }

    Diagnosis nameMismatch(X509Certificate leaf) {
        List<String> sans = Certificates.sans(leaf);
        return new Diagnosis(Diagnosis.Kind.NAME_MISMATCH, Phase.TLS,
                url() + " presented a certificate for " + String.join(", ", sans) + ", not for "
                        + endpoint.hostName(),
                "the certificate is valid but not for the name dialled",
                "use a name the certificate lists (" + String.join(", ", sans) + ") in the image reference, reissue"
                        + " the certificate with " + sanFor() + ", or set " + section() + " insecure = true in"
                        + " buildkitd.toml");
    }

    Diagnosis sniRejected(String alert) {
        String sent = endpoint.hostIsIpLiteral() ? "no SNI name (dialled by IP address)"
                : "SNI name \"" + endpoint.hostName() + "\"";
        return new Diagnosis(Diagnosis.Kind.SNI_REJECTED, Phase.TLS,
                url() + " answered " + sent + " with TLS alert " + alert,
                "the TLS server (often an ingress or proxy) does not serve the name the daemon sent",
                "use the host name the server serves in the image reference (in Kubernetes the in-cluster service"
                        + " name, e.g. <service>.<namespace>.svc.cluster.local" + portSuffix() + "), or, if it serves"
                        + " the registry by default, dial its IP address with " + "[registry.\"<ip>" + portSuffix()
                        + "\"] insecure = true");
    }

    Diagnosis clientCertificateRejected(String alert) {
        boolean none = endpoint.tls().keypairs().isEmpty();
        return new Diagnosis(Diagnosis.Kind.CLIENT_CERTIFICATE_REJECTED, Phase.TLS,
                url() + " answered with TLS alert " + alert + (none ? " (the daemon presented no client certificate)"
                        : " to the client certificate " + endpoint.tls().keypairs().get(0).cert()),
                none ? "the registry requires a client certificate (mutual TLS)"
                        : "the registry does not accept the daemon's client certificate",
                (none ? "add" : "use a certificate signed by a CA the registry trusts in") + " [[registry.\""
                        + endpoint.sectionKey() + "\".keypair]] cert = \"/path/client.pem\" key = \"/path/client-key.pem\""
                        + " in buildkitd.toml");
    }

    Diagnosis tlsFailure(String what) {
        return new Diagnosis(Diagnosis.Kind.TLS_FAILURE, Phase.TLS, "TLS handshake with " + url() + " failed: " + what,
                "the daemon and the registry cannot agree on TLS",
                "run `buildctl debug registry " + endpoint.host() + "` for the certificate chain; if the registry is"
                        + " self-signed add ca = [\"/path/ca.pem\"] under " + section());
    }

    Diagnosis closed(String what) {
        return new Diagnosis(Diagnosis.Kind.CONNECTION_CLOSED, Phase.HTTP, url() + " " + what,
                "the peer at " + dialled() + " closed the connection without an HTTP answer",
                "check that " + dialled() + " is the registry (not another service) and that it speaks "
                        + ("http".equals(scheme) ? "plain HTTP" : "HTTPS"));
    }

    Diagnosis httpError(int status, String body) {
        return new Diagnosis(Diagnosis.Kind.HTTP_ERROR, Phase.HTTP,
                "GET " + url() + " answered " + status + (body.isBlank() ? "" : " " + oneLine(body)),
                status == 404 ? "this is not a registry's v2 API (wrong port, or a path prefix missing)"
                        : "the registry refused the API check",
                status == 404 ? "check the host and port in the image reference (a mirror with a path goes in"
                        + " mirrors = [\"host/path\"])" : "see the registry's log for " + status);
    }

    private String addressFix() {
        StringBuilder fix = new StringBuilder();
        String name = endpoint.hostName();
        if (!endpoint.hasExplicitPort()) {
            fix.append("the reference names no port, so ").append(port).append(" was dialled; a registry usually"
                    + " listens on 5000: use ").append(endpoint.host()).append(":5000/<repo>");
        } else {
            fix.append("check the port and that the registry is running at ").append(address).append(':')
                    .append(port);
        }
        if (looksLikeKubernetesService(name)) {
            fix.append("; from outside its namespace use <service>.<namespace>.svc.cluster.local:<port> (the"
                    + " service's port, not the pod's)");
        }
        return fix.toString();
    }

    private String settingReason() {
        return endpoint.config().http().isTrue() ? "http = true in " + endpoint.config().source()
                : "a localhost registry defaults to plain HTTP";
    }

    private String sanFor() {
        return (endpoint.hostIsIpLiteral() ? "IP:" : "DNS:") + endpoint.hostName();
    }

    private String portSuffix() {
        return endpoint.hasExplicitPort() ? ":" + endpoint.port(scheme) : "";
    }

    static boolean looksLikeKubernetesService(String name) {
        if (name.equals("localhost") || name.matches("[0-9.]+") || name.contains(":")) {
            return false;
        }
        return !name.contains(".") || name.endsWith(".svc") || name.contains(".svc.") || name.endsWith(".local");
    }

    private static String shortName(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static String oneLine(String body) {
        String line = body.strip().replaceAll("\\s+", " ");
        return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }

    private static String human(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
