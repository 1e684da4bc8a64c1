package org.jbuildkit.api;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Serializes messages the way upstream hashes them: map entries sorted by key, fields in number order.
 * LLB op digests, cache keys and anything else compared byte-for-byte with BuildKit must go through here,
 * because {@link MessageLite#toByteArray()} leaves map order unspecified.
 */
public final class DeterministicProto {

    private DeterministicProto() {
    }

    public static byte[] marshal(MessageLite message) {
        byte[] out = new byte[message.getSerializedSize()];
        CodedOutputStream stream = CodedOutputStream.newInstance(out);
        stream.useDeterministicSerialization();
        try {
            message.writeTo(stream);
        } catch (IOException e) {
            // An array-backed stream only fails if the size computed above was wrong.
            throw new UncheckedIOException("serializing " + message.getClass().getName(), e);
        }
        stream.checkNoSpaceLeft();
        return out;
    }
}
