package org.jbuildkit.daemon.control;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jbuildkit.api.pb.Platform;
import org.jbuildkit.api.types.WorkerRecord;

/**
 * A {@code buildctl debug workers --filter} clause: {@code id==X}, {@code platforms==linux/amd64},
 * {@code labels."key"==value} (also {@code !=}).
 */
record WorkerFilter(String field, boolean equal, String value) {
    private static final Pattern CLAUSE = Pattern.compile("(id|platforms|labels\\.\"?[^=!\"]+\"?)\\s*(==|!=)\\s*(.*)");

    static WorkerFilter parse(String text) {
        Matcher m = CLAUSE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("worker filter '" + text + "' is not understood: use id==ID,"
                    + " platforms==os/arch or labels.\"key\"==value");
        }
        return new WorkerFilter(m.group(1).replace("\"", ""), m.group(2).equals("=="), m.group(3).trim());
    }

    boolean matches(WorkerRecord record) {
        boolean found;
        if (field.equals("id")) {
            found = record.getID().equals(value);
        } else if (field.equals("platforms")) {
            found = record.getPlatformsList().stream().map(WorkerFilter::format).anyMatch(value::equals);
        } else {
            found = value.equals(record.getLabelsMap().get(field.substring("labels.".length())));
        }
        return found == equal;
    }

    private static String format(Platform p) {
        String s = p.getOS() + "/" + p.getArchitecture();
        return p.getVariant().isEmpty() ? s : s + "/" + p.getVariant();
    }
}
