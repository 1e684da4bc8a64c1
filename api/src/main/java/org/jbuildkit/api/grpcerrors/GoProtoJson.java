package org.jbuildkit.api.grpcerrors;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.MapEntry;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A protobuf message as Go's {@code encoding/json} writes the struct protoc-gen-go generates for it,
 * which is how upstream puts typed error details on the wire ({@code util/grpcerrors} marshals each
 * detail with {@code json.Marshal}): keys are the proto field names, zero values are left out
 * ({@code omitempty}), 64-bit integers and enums are JSON numbers, bytes are standard base64, map keys
 * are sorted, and a oneof is an object named after it holding the set member under its Go name.
 * Protobuf's own JSON mapping differs on several of these, and Go's decoder rejects some of them.
 */
public final class GoProtoJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoProtoJson() {
    }

    public static String encode(MessageOrBuilder message) {
        StringBuilder out = new StringBuilder();
        object(out, message);
        return out.toString();
    }

    private static void object(StringBuilder out, MessageOrBuilder message) {
        out.append('{');
        boolean first = true;
        Set<OneofDescriptor> written = new HashSet<>();
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            OneofDescriptor oneof = field.getRealContainingOneof();
            if (oneof != null) {
                // Go keeps the whole oneof in one interface field, placed where its first member is declared.
                if (!written.add(oneof) || !message.hasOneof(oneof)) {
                    continue;
                }
                FieldDescriptor set = message.getOneofFieldDescriptor(oneof);
                first = key(out, goName(oneof.getName()), first);
                out.append('{');
                key(out, goName(set.getName()), true);
                value(out, set, message.getField(set));
                out.append('}');
                continue;
            }
            if (isEmpty(message, field)) {
                continue;
            }
            first = key(out, field.getName(), first);
            Object value = message.getField(field);
            if (field.isMapField()) {
                map(out, field, value);
            } else if (field.isRepeated()) {
                out.append('[');
                List<?> items = (List<?>) value;
                for (int i = 0; i < items.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    value(out, field, items.get(i));
                }
                out.append(']');
            } else {
                value(out, field, value);
            }
        }
        out.append('}');
    }

    private static boolean isEmpty(MessageOrBuilder message, FieldDescriptor field) {
        if (field.isRepeated()) {
            return message.getRepeatedFieldCount(field) == 0;
        }
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE || field.hasPresence()) {
            // A Go pointer: left out only when nil.
            return !message.hasField(field);
        }
        return isZero(message.getField(field));
    }

    private static boolean isZero(Object value) {
        if (value instanceof String s) {
            return s.isEmpty();
        }
        if (value instanceof ByteString b) {
            return b.isEmpty();
        }
        if (value instanceof Boolean b) {
            return !b;
        }
        if (value instanceof Number n) {
            return n.doubleValue() == 0;
        }
        return value instanceof EnumValueDescriptor e && e.getNumber() == 0;
    }

    private static void map(StringBuilder out, FieldDescriptor field, Object value) {
        FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
        // Go sorts map keys by their JSON string form.
        Map<String, Object> sorted = new TreeMap<>();
        for (Object entry : (List<?>) value) {
            Message e = (Message) entry;
            Object k = e instanceof MapEntry<?, ?> me ? me.getKey() : e.getField(e.getDescriptorForType()
                    .findFieldByName("key"));
            Object v = e instanceof MapEntry<?, ?> me ? me.getValue() : e.getField(valueField);
            sorted.put(String.valueOf(k), v);
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
            first = key(out, e.getKey(), first);
            value(out, valueField, e.getValue());
        }
        out.append('}');
    }

    private static void value(StringBuilder out, FieldDescriptor field, Object value) {
        switch (field.getJavaType()) {
            case MESSAGE -> object(out, (MessageOrBuilder) value);
            case STRING -> quote(out, (String) value);
            case BYTE_STRING -> quote(out, Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case ENUM -> out.append(((EnumValueDescriptor) value).getNumber());
            case INT, BOOLEAN, FLOAT, DOUBLE -> out.append(value);
            case LONG -> out.append(unsigned(field) ? Long.toUnsignedString((Long) value) : value.toString());
        }
    }

    private static boolean unsigned(FieldDescriptor field) {
        return field.getType() == FieldDescriptor.Type.UINT64 || field.getType() == FieldDescriptor.Type.FIXED64;
    }

    private static boolean key(StringBuilder out, String name, boolean first) {
        if (!first) {
            out.append(',');
        }
        quote(out, name);
        out.append(':');
        return false;
    }

    /** Go's string escaping, HTML-safe as {@code json.Marshal} leaves it. */
    public static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                                .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** protoc-gen-go's Go identifier for a proto name: {@code subject} → {@code Subject}, {@code a_b} → {@code AB}. */
    static String goName(String protoName) {
        StringBuilder out = new StringBuilder();
        for (String part : protoName.split("_")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part, 1, part.length());
            }
        }
        return out.toString();
    }
}
