package org.jbuildkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SignatureException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.jbuildkit.e2e.fixtures.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCertificatesTest {

    @TempDir
    static Path dir;

    static TestCertificates certs;

    @BeforeAll
    static void create() {
        certs = TestCertificates.create(dir);
    }

    @Test
    void serverCertificateNamesTheLoopbackAddressAndLocalhost() throws Exception {
        X509Certificate server = read(certs.serverCert());

        assertThat(server.getSubjectAlternativeNames())
                .contains(List.of(7, "127.0.0.1"), List.of(2, "localhost"));
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void leavesAreSignedByTheirOwnCaOnly() throws Exception {
        X509Certificate ca = read(certs.caCert());
        X509Certificate otherCa = read(certs.otherCaCert());

        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        read(certs.serverCert()).verify(ca.getPublicKey());
        read(certs.clientCert()).verify(ca.getPublicKey());
        read(certs.otherCaClientCert()).verify(otherCa.getPublicKey());
        assertThatThrownBy(() -> read(certs.otherCaClientCert()).verify(ca.getPublicKey()))
                .isInstanceOf(SignatureException.class);
        assertThat(read(certs.clientCert()).getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    }

    @Test
    void keysArePkcs8PemReadableOnlyByTheOwner() throws Exception {
        for (Path key : List.of(certs.serverKey(), certs.clientKey(), certs.otherCaClientKey())) {
            assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        }
    }

    private static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
