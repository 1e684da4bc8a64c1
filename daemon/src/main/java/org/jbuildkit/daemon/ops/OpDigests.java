package org.jbuildkit.daemon.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jbuildkit.api.DeterministicProto;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.registry.image.Digest;

/** Cache-map digests: an op's definition without the identity of its inputs, plus a kind tag. */
final class OpDigests {
    private OpDigests() {
    }

    static String withoutInputs(String kind, Op op) {
        MessageDigest sha = Digest.sha256Digester();
        sha.update((kind + "\n").getBytes(StandardCharsets.UTF_8));
        sha.update(DeterministicProto.marshal(op.toBuilder().clearInputs().build()));
        return Digest.ofSha256(sha).toString();
    }

    static String of(String text) {
        return Digest.sha256(text.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
