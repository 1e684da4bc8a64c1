package org.jbuildkit.registry.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {

    @TempDir
    Path dir;

    @Test
    void pkcs1RsaKeyReadsAsItsPkcs8Form() throws Exception {
        assertEquals(PemFiles.privateKey(write("rsa8.pem", TestPems.RSA_PKCS8)),
                PemFiles.privateKey(write("rsa1.pem", TestPems.RSA_PKCS1)));
    }

    @Test
    void sec1EcKeyReadsAsItsPkcs8Form() throws Exception {
        var sec1 = PemFiles.privateKey(write("ec.pem", TestPems.EC_SEC1));
        var pkcs8 = PemFiles.privateKey(write("ec8.pem", TestPems.EC_PKCS8));
        assertEquals("EC", sec1.getAlgorithm());
        assertEquals(((java.security.interfaces.ECPrivateKey) pkcs8).getS(),
                ((java.security.interfaces.ECPrivateKey) sec1).getS());
    }

    @Test
    void certificateFileWithoutCertificateIsRefused() throws Exception {
        assertThrows(GeneralSecurityException.class, () -> PemFiles.certificates(write("k.pem", TestPems.EC_SEC1)));
        assertEquals(1, PemFiles.certificates(write("c.pem", TestPems.CERT)).size());
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }
}
