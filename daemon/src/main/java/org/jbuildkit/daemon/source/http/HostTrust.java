package org.jbuildkit.daemon.source.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whom HTTPS sources trust, as upstream's Go daemon does: the system roots, plus the PEM certificates of
 * {@code SSL_CERT_FILE} and of every file in the {@code SSL_CERT_DIR} directories (colon-separated) when
 * those are set in the daemon's environment. Files that hold no certificate are skipped, as Go skips them.
 */
final class HostTrust {
    private static final Logger LOG = LoggerFactory.getLogger(HostTrust.class);
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+)-----END CERTIFICATE-----");

    private HostTrust() {
    }

    /** The context, and what it trusts in words for error messages ("the system roots and …"). */
    record Trust(SSLContext context, String description) {
    }

    static Trust fromEnvironment(Map<String, String> env) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int n = 0;
            for (X509Certificate root : systemRoots().getAcceptedIssuers()) {
                store.setCertificateEntry("system-" + n++, root);
            }
            List<String> described = new ArrayList<>(List.of("the system roots"));
            String file = env.get("SSL_CERT_FILE");
            if (file != null && !file.isEmpty()) {
                List<X509Certificate> certificates = certificates(Path.of(file));
                for (X509Certificate certificate : certificates) {
                    store.setCertificateEntry("extra-" + n++, certificate);
                }
                described.add(certificates.size() + " certificate(s) of SSL_CERT_FILE " + file);
            }
            String dirs = env.get("SSL_CERT_DIR");
            if (dirs != null && !dirs.isEmpty()) {
                int fromDirs = 0;
                for (String dir : dirs.split(":")) {
                    for (Path pem : filesIn(Path.of(dir))) {
                        for (X509Certificate certificate : certificates(pem)) {
                            store.setCertificateEntry("extra-" + n++, certificate);
                            fromDirs++;
                        }
                    }
                }
                described.add(fromDirs + " certificate(s) of SSL_CERT_DIR " + dirs);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return new Trust(context, String.join(" and ", described));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the Java runtime cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager systemRoots() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the default TrustManagerFactory has no X509TrustManager");
    }

    private static List<Path> filesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            LOG.warn("SSL_CERT_DIR names {}, which is not a directory; skipping it", dir);
            return List.of();
        }
        try (var entries = Files.list(dir)) {
            return entries.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            LOG.warn("cannot list SSL_CERT_DIR {}: {}; skipping it", dir, e.getMessage());
            return List.of();
        }
    }

    /** Every PEM certificate in the file; none (with a warning) when it cannot be read. */
    static List<X509Certificate> certificates(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            LOG.warn("cannot read CA file {}: {}; HTTPS sources will not trust its certificates", file, e.getMessage());
            return List.of();
        }
        List<X509Certificate> found = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            try {
                byte[] der = Base64.getMimeDecoder().decode(m.group(1));
                found.add((X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der)));
            } catch (CertificateException | IllegalArgumentException e) {
                LOG.warn("skipping a certificate in {} that cannot be parsed: {}", file, e.getMessage());
            }
        }
        return found;
    }
}
