package org.jbuildkit.session.filesync;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.jbuildkit.api.filesync.FileSendGrpc;
import org.jbuildkit.api.fsutil.Packet;
import org.jbuildkit.session.SessionHeaders;

/**
 * {@code moby.filesync.v1.FileSend/DiffCopy} in the shapes it really travels in: declared with
 * {@code BytesMessage}, it carries fsutil packets when the target is a directory and file chunks
 * when it is a file, so the daemon calls it typed by use and the client serves it as raw bytes.
 */
public final class FileSendMethods {
    /** Which of the client's targets a call is for: upstream's exporter index; absent means 0 (pre-0.13 daemons). */
    public static final Metadata.Key<String> EXPORTER_ID =
            Metadata.Key.of("buildkit-attachable-exporter-id", Metadata.ASCII_STRING_MARSHALLER);
    /** Prefix of metadata keys that describe the file sent (upstream's {@code exporter-md-}). */
    public static final String METADATA_PREFIX = "exporter-md-";
    public static final String FULL_NAME = FileSendGrpc.getDiffCopyMethod().getFullMethodName();
    public static final String URL = SessionHeaders.methodUrl(FileSendGrpc.SERVICE_NAME, "DiffCopy");

    /** The method as a stream of fsutil packets, for sending a directory. */
    public static final MethodDescriptor<Packet, Packet> PACKETS = MethodDescriptor.<Packet, Packet>newBuilder()
            .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
            .setFullMethodName(FULL_NAME)
            .setRequestMarshaller(ProtoUtils.marshaller(Packet.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(Packet.getDefaultInstance()))
            .build();

    /** The method as raw messages, for serving both kinds of target. */
    public static final MethodDescriptor<byte[], byte[]> RAW = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
            .setFullMethodName(FULL_NAME)
            .setRequestMarshaller(RawMarshaller.INSTANCE)
            .setResponseMarshaller(RawMarshaller.INSTANCE)
            .build();

    private FileSendMethods() {
    }

    /** The target a call is for, as upstream's chooser: a missing or unreadable ID means 0. */
    static int exporterId(Metadata headers) {
        String value = headers == null ? null : headers.get(EXPORTER_ID);
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private enum RawMarshaller implements MethodDescriptor.Marshaller<byte[]> {
        INSTANCE;

        @Override
        public InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read a FileSend message", e);
            }
        }
    }
}
