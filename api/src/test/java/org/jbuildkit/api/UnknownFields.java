package org.jbuildkit.api;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Finds fields a parsed message did not recognise: each one is a field our .proto is missing. */
final class UnknownFields {

    private UnknownFields() {
    }

    /** Paths like {@code pb.Op.exec.mounts[1]: [25]} naming every message that carries unknown fields. */
    static List<String> in(Message message) {
        List<String> found = new ArrayList<>();
        collect(message, message.getDescriptorForType().getFullName(), found);
        return found;
    }

    private static void collect(Message message, String path, List<String> found) {
        if (!message.getUnknownFields().asMap().isEmpty()) {
            found.add(path + ": " + message.getUnknownFields().asMap().keySet());
        }
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            FieldDescriptor fd = field.getKey();
            if (fd.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            String fieldPath = path + "." + fd.getName();
            if (fd.isRepeated()) {
                List<?> values = (List<?>) field.getValue();
                for (int i = 0; i < values.size(); i++) {
                    collect((Message) values.get(i), fieldPath + "[" + i + "]", found);
                }
            } else {
                collect((Message) field.getValue(), fieldPath, found);
            }
        }
    }
}
