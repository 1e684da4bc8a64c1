package org.jbuildkit.dockerfile.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code RUN --mount=} value read as upstream's {@code parseMount}: CSV fields {@code key=value} (or a bare
 * boolean key), defaults applied, invalid combinations refused. The value is expanded before it is read.
 *
 * @param type bind, cache, tmpfs, secret or ssh
 */
record RunMountSpec(String type, String from, String source, String target, boolean readOnly, String id,
        String sharing, Integer mode, Integer uid, Integer gid, boolean required, long sizeLimit, String env) {

    static RunMountSpec parse(String value) throws MountException {
        String type = "bind";
        String from = "";
        String source = "";
        String target = "";
        Boolean readOnly = null;
        String id = "";
        String sharing = "shared";
        Integer mode = null;
        Integer uid = null;
        Integer gid = null;
        Boolean required = null;
        long size = 0;
        String env = "";
        List<String[]> fields = new ArrayList<>();
        for (String field : csv(value)) {
            String[] kv = field.split("=", 2);
            String key = kv[0].trim().toLowerCase(Locale.ROOT);
            fields.add(new String[] {key, kv.length > 1 ? kv[1] : null});
            if (key.equals("type")) {
                type = kv.length > 1 ? kv[1].toLowerCase(Locale.ROOT) : "";
            }
        }
        if (!List.of("bind", "cache", "tmpfs", "secret", "ssh").contains(type)) {
            throw new MountException("unsupported mount type \"" + type + "\" (use bind, cache, tmpfs, secret or ssh)");
        }
        for (String[] f : fields) {
            String key = f[0];
            String v = f[1];
            if (v == null) {
                switch (key) {
                    case "readonly", "ro" -> readOnly = true;
                    case "readwrite", "rw" -> readOnly = false;
                    case "required" -> required = true;
                    default -> throw new MountException("invalid field '" + key + "' must be a key=value pair");
                }
                continue;
            }
            switch (key) {
                case "type" -> {
                }
                case "from" -> from = v;
                case "source", "src" -> source = v;
                case "target", "dst", "destination" -> target = v;
                case "readonly", "ro" -> readOnly = bool(key, v);
                case "readwrite", "rw" -> readOnly = !bool(key, v);
                case "required" -> required = bool(key, v);
                case "id" -> id = v;
                case "sharing" -> {
                    sharing = v.toLowerCase(Locale.ROOT);
                    if (!List.of("shared", "private", "locked").contains(sharing)) {
                        throw new MountException("unsupported sharing value \"" + v
                                + "\" (use shared, private or locked)");
                    }
                }
                case "mode" -> mode = number(key, v, 8);
                case "uid" -> uid = number(key, v, 10);
                case "gid" -> gid = number(key, v, 10);
                case "size" -> {
                    if (!type.equals("tmpfs")) {
                        throw new MountException("unexpected key 'size' for mount type '" + type + "'");
                    }
                    size = bytes(v);
                }
                case "env" -> env = v;
                default -> throw new MountException("unexpected key '" + key + "' in '" + String.join("=", f) + "'");
            }
        }
        if (readOnly == null) {
            readOnly = type.equals("bind");
        }
        if (required == null) {
            required = false;
        }
        if (type.equals("secret") || type.equals("ssh")) {
            if (readOnly != null && !readOnly && fields.stream().anyMatch(f -> f[0].equals("rw")
                    || f[0].equals("readwrite"))) {
                throw new MountException(type + " mount can't be read-write");
            }
            readOnly = true;
        }
        if (target.isEmpty() && !type.equals("secret") && !type.equals("ssh")) {
            throw new MountException("mount target is required (add target=<path> to --mount)");
        }
        if (type.equals("tmpfs") && !from.isEmpty()) {
            throw new MountException("tmpfs mounts can't have a from= source");
        }
        if (type.equals("cache") && !from.isEmpty() && source.isEmpty()) {
            source = "";
        }
        return new RunMountSpec(type, from, source, target, readOnly, id, sharing, mode, uid, gid, required, size,
                env);
    }

    private static boolean bool(String key, String v) throws MountException {
        if (v.equalsIgnoreCase("true") || v.equals("1")) {
            return true;
        }
        if (v.equalsIgnoreCase("false") || v.equals("0")) {
            return false;
        }
        throw new MountException("invalid value for " + key + ": " + v + " (use true or false)");
    }

    private static int number(String key, String v, int radix) throws MountException {
        try {
            return Integer.parseInt(v, radix);
        } catch (NumberFormatException e) {
            throw new MountException("invalid value for " + key + ": " + v
                    + (radix == 8 ? " (an octal mode such as 0755)" : " (a number)"));
        }
    }

    private static long bytes(String v) throws MountException {
        String s = v.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        try {
            double n = Double.parseDouble(s.substring(0, i));
            String unit = s.substring(i).replace("ib", "").replace("b", "");
            long mult = switch (unit) {
                case "" -> 1L;
                case "k" -> 1L << 10;
                case "m" -> 1L << 20;
                case "g" -> 1L << 30;
                case "t" -> 1L << 40;
                case "p" -> 1L << 50;
                default -> throw new MountException("invalid size: '" + v + "'");
            };
            return (long) (n * mult);
        } catch (NumberFormatException e) {
            throw new MountException("invalid size: '" + v + "'");
        }
    }

    /** Go's encoding/csv on one line: fields split on commas, double-quoted fields may contain commas. */
    private static List<String> csv(String line) throws MountException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new MountException("unterminated quote in --mount=" + line);
        }
        out.add(cur.toString());
        out.removeIf(String::isEmpty);
        return out;
    }

    /** A --mount value that cannot be used; the message names the field. */
    static final class MountException extends Exception {
        MountException(String message) {
            super(message);
        }
    }
}
