package org.jbuildkit.registry.hosts;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS side of one endpoint, like upstream's {@code loadTLSConfig}: trust = system roots plus {@code ca} and
 * {@code *.crt} of {@code tlsconfigdir} (or anything, for {@code insecure}), client certificates from
 * {@code keypair} and {@code <name>.cert}/{@code <name>.key} of {@code tlsconfigdir}.
 */
public final class TlsMaterial {

    private static final char[] IN_MEMORY_PASSWORD = "jbuildkit".toCharArray();

    private final boolean verifies;
    private final List<Path> caFiles;
    private final List<RegistryHostConfig.KeyPair> keypairs;
    private final X509ExtendedTrustManager trustManager;
    private final X509ExtendedTrustManager roots;
    private final KeyManager[] keyManagers;
    private final SSLContext sslContext;

    private TlsMaterial(boolean verifies, List<Path> caFiles, List<RegistryHostConfig.KeyPair> keypairs,
            X509ExtendedTrustManager roots, KeyManager[] keyManagers) {
        this.verifies = verifies;
        this.caFiles = List.copyOf(caFiles);
        this.keypairs = List.copyOf(keypairs);
        this.roots = roots;
        this.trustManager = verifies ? new SanRequiringTrustManager(roots) : new TrustingTrustManager();
        this.keyManagers = keyManagers;
        this.sslContext = contextWith(UnaryOperator.identity());
    }

    /**
     * Loads the files named by {@code config}. A missing or unreadable file is a {@link TlsConfigException} naming
     * the file and the key it came from, as upstream fails at resolve time.
     */
    static TlsMaterial load(RegistryHostConfig config, boolean verify) {
        List<Path> caFiles = new ArrayList<>(config.ca());
        List<RegistryHostConfig.KeyPair> keypairs = new ArrayList<>(config.keypairs());
        for (Path dir : config.tlsConfigDirs()) {
            // As upstream: a missing or unreadable directory is skipped; only other errors fail.
            if (!Files.isDirectory(dir) || !Files.isReadable(dir)) {
                continue;
            }
            try (var entries = Files.list(dir)) {
                for (Path file : entries.sorted().toList()) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".crt")) {
                        caFiles.add(file);
                    } else if (name.endsWith(".cert")) {
                        String base = name.substring(0, name.length() - ".cert".length());
                        keypairs.add(new RegistryHostConfig.KeyPair(file, dir.resolve(base + ".key")));
                    }
                }
            } catch (IOException e) {
                throw new TlsConfigException("tlsconfigdir", dir, "cannot list it: " + e.getMessage(), e);
            }
        }
        try {
            // Read even for insecure hosts: upstream loads the ca files first, so a missing file fails the same way.
            X509ExtendedTrustManager trust = systemRootsPlus(caFiles);
            return new TlsMaterial(verify, caFiles, keypairs, trust, keyManagers(keypairs));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Java runtime cannot build a TLS context", e);
        }
    }

    /** False for {@code insecure = true}: any certificate is accepted and host names are not checked. */
    public boolean verifies() {
        return verifies;
    }

    /** The extra roots, from {@code ca} and {@code tlsconfigdir}. */
    public List<Path> caFiles() {
        return caFiles;
    }

    /** The client certificates, from {@code keypair} and {@code tlsconfigdir}. */
    public List<RegistryHostConfig.KeyPair> keypairs() {
        return keypairs;
    }

    /** The endpoint's trust decision; checks host names itself (it is an {@link X509ExtendedTrustManager}). */
    public X509ExtendedTrustManager trustManager() {
        return trustManager;
    }

    /**
     * Whether the system roots plus {@code ca} trust {@code chain}, host names aside; empty when they do.
     * Used to explain a failed handshake even for {@code insecure} hosts.
     */
    public java.util.Optional<CertificateException> chainProblem(X509Certificate[] chain, String authType) {
        try {
            roots.checkServerTrusted(chain, authType);
            return java.util.Optional.empty();
        } catch (CertificateException e) {
            return java.util.Optional.of(e);
        }
    }

    public SSLContext sslContext() {
        return sslContext;
    }

    /** A context with this material whose trust manager is wrapped, e.g. to record the presented chain. */
    public SSLContext contextWith(UnaryOperator<X509ExtendedTrustManager> wrap) {
        try {
            var context = SSLContext.getInstance("TLS");
            context.init(keyManagers, new TrustManager[] {wrap.apply(trustManager)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Java runtime has no TLS context", e);
        }
    }

    private static X509ExtendedTrustManager systemRootsPlus(List<Path> caFiles) throws GeneralSecurityException {
        if (!caFiles.isEmpty()) {
            KeyStore store = emptyStore();
            int i = 0;
            for (X509Certificate root : defaultTrustManager(null).getAcceptedIssuers()) {
                store.setCertificateEntry("system-" + i++, root);
            }
            for (Path ca : caFiles) {
                for (X509Certificate cert : readCertificates(ca, "ca")) {
                    store.setCertificateEntry("ca-" + i++, cert);
                }
            }
            return defaultTrustManager(store);
        }
        return defaultTrustManager(null);
    }

    private static X509ExtendedTrustManager defaultTrustManager(KeyStore store) throws GeneralSecurityException {
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                return extended;
            }
        }
        throw new GeneralSecurityException("no X509ExtendedTrustManager in the default TrustManagerFactory");
    }

    private static KeyManager[] keyManagers(List<RegistryHostConfig.KeyPair> keypairs) throws GeneralSecurityException {
        if (keypairs.isEmpty()) {
            return null;
        }
        KeyStore store = emptyStore();
        int i = 0;
        for (RegistryHostConfig.KeyPair pair : keypairs) {
            List<X509Certificate> chain = readCertificates(pair.cert(), "keypair cert");
            PrivateKey key = readKey(pair.key());
            store.setKeyEntry("client-" + i++, key, IN_MEMORY_PASSWORD, chain.toArray(X509Certificate[]::new));
        }
        var factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, IN_MEMORY_PASSWORD);
        return factory.getKeyManagers();
    }

    private static List<X509Certificate> readCertificates(Path file, String key) {
        requireFile(file, key);
        try {
            return PemFiles.certificates(file);
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsConfigException(key, file, e.getMessage(), e);
        }
    }

    private static PrivateKey readKey(Path file) {
        requireFile(file, "keypair key");
        try {
            return PemFiles.privateKey(file);
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsConfigException("keypair key", file, e.getMessage(), e);
        }
    }

    private static void requireFile(Path file, String key) {
        if (!Files.exists(file)) {
            throw new TlsConfigException(key, file, "the file does not exist", null);
        }
        if (!Files.isReadable(file)) {
            throw new TlsConfigException(key, file, "the daemon cannot read it", null);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return store;
    }

    /** A file named by {@code ca}, {@code keypair} or {@code tlsconfigdir} that cannot be used. */
    static final class TlsConfigException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String key;
        final transient Path file;
        final String reason;

        TlsConfigException(String key, Path file, String reason, Throwable cause) {
            super(key + " file " + file + ": " + reason, cause);
            this.key = key;
            this.file = file;
            this.reason = reason;
        }
    }

    /**
     * The JDK's verification plus Go's rule that a certificate must carry subject alternative names: since Go 1.15
     * the Common Name is ignored, so a CN-only certificate fails in upstream and must fail here too.
     */
    private static final class SanRequiringTrustManager extends ForwardingTrustManager {

        SanRequiringTrustManager(X509ExtendedTrustManager delegate) {
            super(delegate);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType, socket);
            requireSans(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType, engine);
            requireSans(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
            requireSans(chain);
        }

        private static void requireSans(X509Certificate[] chain) throws CertificateException {
            try {
                if (chain.length > 0 && chain[0].getSubjectAlternativeNames() == null) {
                    throw new CertificateException("x509: certificate relies on legacy Common Name field, use SANs"
                            + " instead");
                }
            } catch (CertificateParsingException e) {
                throw new CertificateException("cannot read the certificate's subject alternative names", e);
            }
        }
    }

    /** {@code insecure = true}: trusts any chain and, being an extended trust manager, checks no host name. */
    private static final class TrustingTrustManager extends X509ExtendedTrustManager implements X509TrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
