package org.jbuildkit.daemon.source.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostTrustTest {
    @TempDir
    Path dir;

    /** A self-signed CA made by the openssl CLI, in PEM. */
    private Path newCa(String name) throws Exception {
        Path cert = dir.resolve(name + ".pem");
        Process openssl = new ProcessBuilder(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", dir.resolve(name + ".key").toString(), "-out", cert.toString(), "-days", "2",
                "-subj", "/CN=" + name)).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile())
                .start();
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).as(Files.readString(dir.resolve(name + ".log"))).isZero();
        return cert;
    }

    @Test
    void bundlesWithTextAroundTheirCertificatesAreRead() throws Exception {
        Path ca = newCa("one");
        Path bundle = Files.writeString(dir.resolve("bundle.crt"), "# a comment\nsubject=CN = one\n"
                + Files.readString(ca) + "\ntrailing text\n" + Files.readString(newCa("two")));
        assertThat(HostTrust.certificates(bundle)).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=one", "CN=two");
        assertThat(HostTrust.certificates(dir.resolve("missing.pem"))).isEmpty();
    }

    @Test
    void theFileAndEveryCertificateInTheDirectoriesAreTrustedBesideTheSystemRoots() throws Exception {
        Path file = newCa("file-ca");
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Files.move(newCa("dir-ca"), certs.resolve("dir-ca.pem"));
        Files.writeString(certs.resolve("README"), "not a certificate");
        HostTrust.Trust trust = HostTrust.fromEnvironment(Map.of("SSL_CERT_FILE", file.toString(),
                "SSL_CERT_DIR", certs + ":" + dir.resolve("absent")));
        assertThat(trust.description()).isEqualTo("the system roots and 1 certificate(s) of SSL_CERT_FILE " + file
                + " and 1 certificate(s) of SSL_CERT_DIR " + certs + ":" + dir.resolve("absent"));
        assertThat(HostTrust.fromEnvironment(Map.of()).description()).isEqualTo("the system roots");
    }
}
