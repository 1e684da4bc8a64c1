package org.jbuildkit.registry.hosts;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files Go's {@code tls.LoadX509KeyPair} reads: certificates, and private keys as PKCS#8
 * ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or SEC1 ({@code BEGIN EC PRIVATE KEY}).
 * The JDK only reads PKCS#8, so PKCS#1 and SEC1 keys are rewrapped into PKCS#8 DER here.
 */
final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)-----END \\1-----", Pattern.DOTALL);
    // DER of the OIDs rsaEncryption (1.2.840.113549.1.1.1) and id-ecPublicKey (1.2.840.10045.2.1).
    private static final byte[] RSA_ENCRYPTION = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d,
        0x01, 0x01, 0x01};
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] DER_NULL = {0x05, 0x00};
    private static final byte[] VERSION_ZERO = {0x02, 0x01, 0x00};

    private PemFiles() {}

    record Block(String type, byte[] der) {}

    static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        var factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (Block block : blocks(file)) {
            if (block.type().equals("CERTIFICATE")) {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            }
        }
        if (out.isEmpty()) {
            throw new GeneralSecurityException("no PEM certificate (BEGIN CERTIFICATE) in " + file);
        }
        return out;
    }

    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        for (Block block : blocks(file)) {
            switch (block.type()) {
                case "PRIVATE KEY":
                    return pkcs8(block.der(), file);
                case "RSA PRIVATE KEY":
                    return pkcs8(wrap(sequence(RSA_ENCRYPTION, DER_NULL), block.der()), file);
                case "EC PRIVATE KEY":
                    return pkcs8(wrap(sequence(EC_PUBLIC_KEY, sec1Curve(block.der(), file)), block.der()), file);
                case "ENCRYPTED PRIVATE KEY":
                    throw new GeneralSecurityException(file + " holds an encrypted private key; buildkitd (like Go's"
                            + " tls.LoadX509KeyPair) needs an unencrypted one");
                default:
                    break;
            }
        }
        throw new GeneralSecurityException("no PEM private key (BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY) in "
                + file);
    }

    static List<Block> blocks(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        if (text.contains("Proc-Type: 4,ENCRYPTED")) {
            throw new GeneralSecurityException(file + " holds an encrypted PEM block; an unencrypted key is needed");
        }
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException("bad base64 in the " + m.group(1) + " block of " + file, e);
            }
        }
        return out;
    }

    private static PrivateKey pkcs8(byte[] der, Path file) throws GeneralSecurityException {
        var spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("cannot read the private key in " + file + " (RSA, EC and Ed25519 tried)", last);
    }

    /** The curve OID of a SEC1 ECPrivateKey: SEQUENCE { INTEGER 1, OCTET STRING, [0] OID, [1] BIT STRING }. */
    private static byte[] sec1Curve(byte[] der, Path file) throws GeneralSecurityException {
        int[] seq = header(der, 0);
        int pos = seq[0];
        int end = seq[0] + seq[1];
        while (pos < end) {
            int tag = der[pos] & 0xff;
            int[] element = header(der, pos);
            if (tag == 0xa0) {
                int[] oid = header(der, element[0]);
                int oidEnd = oid[0] + oid[1];
                byte[] out = new byte[oidEnd - element[0]];
                System.arraycopy(der, element[0], out, 0, out.length);
                return out;
            }
            pos = element[0] + element[1];
        }
        throw new GeneralSecurityException("the EC private key in " + file + " does not name its curve");
    }

    /** {start of content, content length} of the DER element at {@code pos}. */
    private static int[] header(byte[] der, int pos) throws GeneralSecurityException {
        if (pos + 2 > der.length) {
            throw new GeneralSecurityException("truncated DER");
        }
        int length = der[pos + 1] & 0xff;
        int start = pos + 2;
        if (length > 0x80) {
            int bytes = length - 0x80;
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[start + i] & 0xff);
            }
            start += bytes;
        }
        if (start + length > der.length) {
            throw new GeneralSecurityException("truncated DER");
        }
        return new int[] {start, length};
    }

    private static byte[] wrap(byte[] algorithm, byte[] key) {
        return sequence(VERSION_ZERO, algorithm, element(0x04, key));
    }

    private static byte[] sequence(byte[]... parts) {
        var content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        return element(0x30, content.toByteArray());
    }

    private static byte[] element(int tag, byte[] content) {
        var out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            byte[] bytes = java.math.BigInteger.valueOf(length).toByteArray();
            int skip = bytes[0] == 0 ? 1 : 0;
            out.write(0x80 | (bytes.length - skip));
            out.write(bytes, skip, bytes.length - skip);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
