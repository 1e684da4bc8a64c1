package org.jbuildkit.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jbuildkit.api.auth.AuthProto;
import org.jbuildkit.api.control.ControlProto;
import org.jbuildkit.api.errdefs.ErrdefsProto;
import org.jbuildkit.api.filesync.FilesyncProto;
import org.jbuildkit.api.fsutil.StatProto;
import org.jbuildkit.api.fsutil.WireProto;
import org.jbuildkit.api.pb.OpsProto;
import org.jbuildkit.api.secrets.SecretsProto;
import org.jbuildkit.api.sourcepolicy.PolicyProto;
import org.jbuildkit.api.sshforward.SshProto;
import org.jbuildkit.api.stack.StackProto;
import org.jbuildkit.api.types.WorkerProto;

/**
 * Builds an instance of every message type in our protos with every field set to a non-default
 * value (nested messages down to a few levels), through the generated builders.
 */
final class PopulatedMessages {

    static final List<FileDescriptor> FILES = List.of(
            ControlProto.getDescriptor(), WorkerProto.getDescriptor(), OpsProto.getDescriptor(),
            PolicyProto.getDescriptor(), FilesyncProto.getDescriptor(), WireProto.getDescriptor(),
            StatProto.getDescriptor(), AuthProto.getDescriptor(), SecretsProto.getDescriptor(),
            SshProto.getDescriptor(), ErrdefsProto.getDescriptor(), StackProto.getDescriptor());

    private static final int MAX_DEPTH = 3;

    /** One populated message per member choice of the message's largest oneof (one if it has none). */
    record Sample(String name, Message message) {
        @Override
        public String toString() {
            return name;
        }
    }

    private PopulatedMessages() {
    }

    static Stream<Sample> all() {
        return FILES.stream()
                .flatMap(f -> f.getMessageTypes().stream())
                .flatMap(PopulatedMessages::withNested)
                .flatMap(PopulatedMessages::samples);
    }

    private static Stream<Descriptor> withNested(Descriptor d) {
        return Stream.concat(Stream.of(d), d.getNestedTypes().stream()
                .filter(n -> !n.getOptions().getMapEntry())
                .flatMap(PopulatedMessages::withNested));
    }

    private static Stream<Sample> samples(Descriptor d) {
        int variants = d.getRealOneofs().stream().mapToInt(OneofDescriptor::getFieldCount).max().orElse(1);
        List<Sample> out = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            out.add(new Sample(d.getFullName() + (variants > 1 ? "#" + v : ""), build(newBuilder(d), 0, v, 0)));
        }
        return out.stream();
    }

    /** Number of fields a top-level sample sets: all of them but the unchosen oneof members. */
    static int expectedFieldCount(Descriptor d) {
        int unchosen = d.getRealOneofs().stream().mapToInt(o -> o.getFieldCount() - 1).sum();
        return d.getFields().size() - unchosen;
    }

    static Message.Builder newBuilder(Descriptor d) {
        try {
            Class<?> type = Class.forName(javaClassName(d));
            return ((Message) type.getMethod("getDefaultInstance").invoke(null)).newBuilderForType();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no generated class for " + d.getFullName(), e);
        }
    }

    private static String javaClassName(Descriptor d) {
        String name = d.getName();
        for (Descriptor outer = d.getContainingType(); outer != null; outer = outer.getContainingType()) {
            name = outer.getName() + "$" + name;
        }
        String pkg = d.getFile().getOptions().getJavaPackage();
        return pkg.isEmpty() ? name : pkg + "." + name;
    }

    private static Message build(Message.Builder b, int depth, int variant, int salt) {
        for (FieldDescriptor fd : b.getDescriptorForType().getFields()) {
            OneofDescriptor oneof = fd.getRealContainingOneof();
            if (oneof != null && oneof.getField(variant % oneof.getFieldCount()) != fd) {
                continue;
            }
            if (fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth >= MAX_DEPTH) {
                continue;
            }
            if (fd.isRepeated()) {
                for (int i = 0; i < 2; i++) {
                    b.addRepeatedField(fd, value(b, fd, depth, variant, salt + i));
                }
            } else {
                b.setField(fd, value(b, fd, depth, variant, salt));
            }
        }
        return b.build();
    }

    private static Object value(Message.Builder parent, FieldDescriptor fd, int depth, int variant, int salt) {
        int n = fd.getNumber() + 16 * salt;
        return switch (fd.getJavaType()) {
            case INT -> fd.getType() == FieldDescriptor.Type.UINT32 ? 0x80000000 | n : 100 + n;
            case LONG -> (1L << 40) + n;
            case FLOAT -> n + 0.5f;
            case DOUBLE -> n + 0.25;
            case BOOLEAN -> true;
            case STRING -> fd.getName() + "-" + salt + "-\u00e9";
            case BYTE_STRING -> ByteString.copyFrom(fd.getName() + "-" + salt, StandardCharsets.UTF_8)
                    .concat(ByteString.copyFrom(new byte[] {0, (byte) 0xff}));
            case ENUM -> lastValue(fd.getEnumType());
            case MESSAGE -> build(parent.newBuilderForField(fd), depth + 1, variant, salt);
        };
    }

    private static Object lastValue(EnumDescriptor e) {
        return e.getValues().get(e.getValues().size() - 1);
    }
}
