package org.jbuildkit.llb;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.MapEntry;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders a definition as upstream's {@code buildctl debug dump-llb} does: one JSON object per op, the fields named
 * and elided as Go's {@code encoding/json} does for BuildKit's generated structs (proto field names, zero values
 * omitted except the input/output indexes, oneofs as {@code {"Op":{"exec":…}}}, enums as numbers).
 */
public final class JsonRenderer {

    /** Index fields upstream declares without {@code omitempty}, so a 0 still prints. */
    private static final Set<String> ALWAYS = Set.of("pb.Input.digest", "pb.Input.index", "pb.Mount.input",
            "pb.Mount.output", "pb.FileAction.input", "pb.FileAction.secondaryInput", "pb.FileAction.output",
            "pb.NamedUserOpt.input", "pb.MergeInput.input", "pb.LowerDiffInput.input", "pb.UpperDiffInput.input",
            "pb.BuildInput.input");

    private JsonRenderer() {
    }

    /** One line per op, each ending in a newline, in definition order. */
    public static String render(LlbDefinition def) {
        StringBuilder sb = new StringBuilder();
        for (LlbVertex v : def.vertices()) {
            sb.append(render(v)).append('\n');
        }
        return sb.toString();
    }

    public static String render(LlbVertex v) {
        StringBuilder sb = new StringBuilder("{\"Op\":");
        message(sb, v.op());
        sb.append(",\"Digest\":");
        GoJson.quoteInto(sb, v.digest());
        sb.append(",\"OpMetadata\":");
        message(sb, v.metadata());
        return sb.append('}').toString();
    }

    private static void message(StringBuilder sb, Message m) {
        sb.append('{');
        boolean first = true;
        Set<OneofDescriptor> seenOneofs = new HashSet<>();
        for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
            OneofDescriptor oneof = f.getRealContainingOneof();
            if (oneof != null) {
                if (!seenOneofs.add(oneof)) {
                    continue;
                }
                first = comma(sb, first);
                GoJson.quoteInto(sb, goName(oneof.getName()));
                sb.append(':');
                FieldDescriptor set = m.getOneofFieldDescriptor(oneof);
                if (set == null) {
                    sb.append("null");
                } else {
                    sb.append('{');
                    if (!isZero(set, m.getField(set))) {
                        GoJson.quoteInto(sb, set.getName());
                        sb.append(':');
                        value(sb, set, m.getField(set));
                    }
                    sb.append('}');
                }
                continue;
            }
            if (!emitted(m, f)) {
                continue;
            }
            first = comma(sb, first);
            GoJson.quoteInto(sb, f.getName());
            sb.append(':');
            if (f.isMapField()) {
                map(sb, f, m.getField(f));
            } else if (f.isRepeated()) {
                sb.append('[');
                List<?> items = (List<?>) m.getField(f);
                for (int i = 0; i < items.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    value(sb, f, items.get(i));
                }
                sb.append(']');
            } else {
                value(sb, f, m.getField(f));
            }
        }
        sb.append('}');
    }

    private static boolean emitted(Message m, FieldDescriptor f) {
        if (f.isRepeated()) {
            return m.getRepeatedFieldCount(f) > 0;
        }
        if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            return m.hasField(f);
        }
        return ALWAYS.contains(f.getFullName()) || !isZero(f, m.getField(f));
    }

    private static boolean isZero(FieldDescriptor f, Object v) {
        return switch (f.getJavaType()) {
            case INT, LONG, FLOAT, DOUBLE -> ((Number) v).doubleValue() == 0;
            case BOOLEAN -> !(Boolean) v;
            case STRING -> ((String) v).isEmpty();
            case BYTE_STRING -> ((ByteString) v).isEmpty();
            case ENUM -> ((EnumValueDescriptor) v).getNumber() == 0;
            case MESSAGE -> false;
        };
    }

    private static void map(StringBuilder sb, FieldDescriptor f, Object raw) {
        FieldDescriptor valueField = f.getMessageType().findFieldByName("value");
        Map<String, Object> sorted = new TreeMap<>(GoJson::compareUtf8);
        for (Object o : (List<?>) raw) {
            MapEntry<?, ?> e = (MapEntry<?, ?>) o;
            sorted.put(String.valueOf(e.getKey()), e.getValue());
        }
        sb.append('{');
        List<String> keys = new ArrayList<>(sorted.keySet());
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            GoJson.quoteInto(sb, keys.get(i));
            sb.append(':');
            value(sb, valueField, sorted.get(keys.get(i)));
        }
        sb.append('}');
    }

    private static void value(StringBuilder sb, FieldDescriptor f, Object v) {
        switch (f.getJavaType()) {
            case MESSAGE -> message(sb, (Message) v);
            case STRING -> GoJson.quoteInto(sb, (String) v);
            case BYTE_STRING -> GoJson.quoteInto(sb, Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
            case ENUM -> sb.append(((EnumValueDescriptor) v).getNumber());
            case INT -> sb.append(f.getType() == FieldDescriptor.Type.UINT32 || f.getType() == FieldDescriptor.Type.FIXED32
                    ? Integer.toUnsignedString((Integer) v) : v.toString());
            case LONG -> sb.append(f.getType() == FieldDescriptor.Type.UINT64 || f.getType() == FieldDescriptor.Type.FIXED64
                    ? Long.toUnsignedString((Long) v) : v.toString());
            default -> sb.append(v);
        }
    }

    private static String goName(String protoName) {
        StringBuilder sb = new StringBuilder();
        boolean upper = true;
        for (char c : protoName.toCharArray()) {
            if (c == '_') {
                upper = true;
                continue;
            }
            sb.append(upper ? Character.toUpperCase(c) : c);
            upper = false;
        }
        return sb.toString();
    }

    private static boolean comma(StringBuilder sb, boolean first) {
        if (!first) {
            sb.append(',');
        }
        return false;
    }
}
