package org.jbuildkit.registry.diagnostics;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** What messages say about a certificate: subject, issuer, subject alternative names, and whether a name fits. */
final class Certificates {

    private Certificates() {}

    static String subject(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName();
    }

    static String issuer(X509Certificate cert) {
        return cert.getIssuerX500Principal().getName();
    }

    /** {@code DNS:localhost}, {@code IP:127.0.0.1}; empty when the certificate has none. */
    static List<String> sans(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> names = cert.getSubjectAlternativeNames();
            if (names == null) {
                return out;
            }
            for (List<?> name : names) {
                int type = (Integer) name.get(0);
                if (type == 2) {
                    out.add("DNS:" + name.get(1));
                } else if (type == 7) {
                    out.add("IP:" + name.get(1));
                }
            }
        } catch (CertificateParsingException e) {
            out.add("(unreadable: " + e.getMessage() + ")");
        }
        return out;
    }

    /** Go's rule: the name must match a SAN (DNS with one leading wildcard label, or IP); the CN is ignored. */
    static boolean matches(X509Certificate cert, String name, boolean ipLiteral) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (String san : sans(cert)) {
            if (ipLiteral && san.startsWith("IP:") && sameIp(san.substring(3), wanted)) {
                return true;
            }
            if (!ipLiteral && san.startsWith("DNS:") && dnsMatches(san.substring(4).toLowerCase(Locale.ROOT), wanted)) {
                return true;
            }
        }
        return false;
    }

    static String describe(X509Certificate cert) {
        List<String> sans = sans(cert);
        return "subject " + subject(cert) + ", issuer " + issuer(cert) + ", SANs "
                + (sans.isEmpty() ? "none" : String.join(", ", sans));
    }

    private static boolean sameIp(String a, String b) {
        try {
            return java.net.InetAddress.getByName(a).equals(java.net.InetAddress.getByName(b));
        } catch (java.net.UnknownHostException e) {
            return a.equals(b);
        }
    }

    private static boolean dnsMatches(String pattern, String name) {
        if (pattern.equals(name)) {
            return true;
        }
        if (pattern.startsWith("*.")) {
            int dot = name.indexOf('.');
            return dot > 0 && name.substring(dot).equals(pattern.substring(1));
        }
        return false;
    }
}
