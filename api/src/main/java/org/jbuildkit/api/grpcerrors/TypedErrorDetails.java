package org.jbuildkit.api.grpcerrors;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jbuildkit.api.errdefs.CompatibilityFeature;
import org.jbuildkit.api.errdefs.Frontend;
import org.jbuildkit.api.errdefs.FrontendCap;
import org.jbuildkit.api.errdefs.ProvenanceMaterialsIncomplete;
import org.jbuildkit.api.errdefs.Solve;
import org.jbuildkit.api.errdefs.Source;
import org.jbuildkit.api.errdefs.Subrequest;
import org.jbuildkit.api.errdefs.Vertex;
import org.jbuildkit.api.stack.Stack;

/**
 * Upstream's typed error details ({@code google.rpc.Status.details}) as {@code Any}: the type URLs
 * BuildKit registers with containerd's typeurl ({@code github.com/moby/buildkit/errdefs.Vertex+json}
 * and its siblings), whose values are Go JSON, not protobuf bytes. Unpacking also accepts the plain
 * protobuf form ({@code type.googleapis.com/errdefs.Vertex}) that typeurl falls back to.
 */
public final class TypedErrorDetails {
    private static final String PREFIX = "github.com/moby/buildkit/";
    private static final Map<String, Message> BY_URL = List.of(
                    Vertex.getDefaultInstance(), Source.getDefaultInstance(), Solve.getDefaultInstance(),
                    Frontend.getDefaultInstance(), FrontendCap.getDefaultInstance(),
                    Subrequest.getDefaultInstance(), CompatibilityFeature.getDefaultInstance(),
                    ProvenanceMaterialsIncomplete.getDefaultInstance(), Stack.getDefaultInstance())
            .stream().collect(Collectors.toUnmodifiableMap(TypedErrorDetails::typeUrl, Function.identity()));
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private TypedErrorDetails() {
    }

    /** The URL upstream registers, e.g. {@code github.com/moby/buildkit/errdefs.Source+json}. */
    public static String typeUrl(Message message) {
        return typeUrl(message.getDescriptorForType());
    }

    private static String typeUrl(Descriptor type) {
        return PREFIX + type.getFullName() + "+json";
    }

    public static Any pack(Message detail) {
        String url = typeUrl(detail);
        if (!BY_URL.containsKey(url)) {
            throw new IllegalArgumentException(detail.getDescriptorForType().getFullName()
                    + " is not one of upstream's typed error details: " + BY_URL.keySet());
        }
        return Any.newBuilder().setTypeUrl(url)
                .setValue(ByteString.copyFrom(GoProtoJson.encode(detail), StandardCharsets.UTF_8)).build();
    }

    /** The detail as its message, or empty when it is not one of upstream's types (kept by callers as is). */
    public static Optional<Message> unpack(Any any) {
        String url = any.getTypeUrl();
        Message json = BY_URL.get(url);
        try {
            if (json != null) {
                Message.Builder builder = json.newBuilderForType();
                PARSER.merge(any.getValue().toStringUtf8(), builder);
                return Optional.of(builder.build());
            }
            String name = url.substring(url.lastIndexOf('/') + 1);
            for (Message known : BY_URL.values()) {
                if (known.getDescriptorForType().getFullName().equals(name)) {
                    return Optional.of(known.getParserForType().parseFrom(any.getValue()));
                }
            }
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
