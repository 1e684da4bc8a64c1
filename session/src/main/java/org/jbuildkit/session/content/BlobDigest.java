package org.jbuildkit.session.content;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A blob's digest as the content service carries it ({@code sha256:<hex>}), validated once; names its file. */
record BlobDigest(String algorithm, String hex) {
    private static final Pattern FORM = Pattern.compile("(sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})");

    static BlobDigest parse(String text) {
        if (text == null || !FORM.matcher(text).matches()) {
            throw new IllegalArgumentException("invalid digest '" + text + "': expected sha256:<64 lowercase hex>"
                    + " (or sha384/sha512)");
        }
        int colon = text.indexOf(':');
        return new BlobDigest(text.substring(0, colon), text.substring(colon + 1));
    }

    static BlobDigest of(String algorithm, MessageDigest finished) {
        return new BlobDigest(algorithm, HexFormat.of().formatHex(finished.digest()));
    }

    /** The blob's file in an OCI layout: {@code blobs/<algorithm>/<hex>}. */
    Path in(Path layout) {
        return layout.resolve("blobs").resolve(algorithm).resolve(hex);
    }

    MessageDigest newDigester() {
        return digester(algorithm);
    }

    static MessageDigest digester(String algorithm) {
        try {
            return MessageDigest.getInstance(switch (algorithm) {
                case "sha384" -> "SHA-384";
                case "sha512" -> "SHA-512";
                default -> "SHA-256";
            });
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + algorithm, e);
        }
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
