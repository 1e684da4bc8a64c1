package org.jbuildkit.daemon.solver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jbuildkit.registry.image.Digest;

/**
 * One labelled ingredient of an op's cache-map digest (its command, an env variable, a mount, the
 * image digest), so a cache miss can say what changed. Parts only explain: the key is still made
 * from the digest alone.
 *
 * @param id what the part is, the same from build to build ({@code args}, {@code env:PATH})
 * @param label how a reason names it ("the command", "env variable PATH")
 * @param fingerprint a digest of the value: values may be secrets (env, args) and are never kept
 * @param shown the value itself where it is safe and useful to print (an image digest), else null
 */
public record CachePart(String id, String label, String fingerprint, String shown) {
    public CachePart {
        if (id == null || id.isEmpty() || label == null || fingerprint == null) {
            throw new IllegalArgumentException("a cache part needs an id, a label and a fingerprint");
        }
    }

    /** A part whose value is only fingerprinted. */
    public static CachePart hashed(String id, String label, byte[] value) {
        MessageDigest sha = Digest.sha256Digester();
        sha.update((id + "\0").getBytes(StandardCharsets.UTF_8));
        sha.update(value);
        return new CachePart(id, label, Digest.ofSha256(sha).toString(), null);
    }

    public static CachePart hashed(String id, String label, String value) {
        return hashed(id, label, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The same part, printed as {@code value} in a reason (its fingerprint stays that of the real value). */
    public CachePart withShown(String value) {
        return new CachePart(id, label, fingerprint, value);
    }

    /** A part whose value may be printed (it is no secret: a digest, a platform). */
    public static CachePart shown(String id, String label, String value) {
        return hashed(id, label, value).withShown(value);
    }
}
