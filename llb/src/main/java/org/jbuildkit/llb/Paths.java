package org.jbuildkit.llb;

import org.jbuildkit.api.GoPath;

/** Slash-separated path arithmetic with Go's {@code path.Clean}/{@code path.Join} semantics, which LLB paths follow. */
final class Paths {

    private Paths() {
    }

    static boolean isAbs(String p) {
        return p.startsWith("/");
    }

    static String clean(String p) {
        return GoPath.clean(p);
    }

    static String join(String... elems) {
        StringBuilder sb = new StringBuilder();
        for (String e : elems) {
            if (e.isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(e);
        }
        return sb.length() == 0 ? "" : clean(sb.toString());
    }

    /** Upstream's {@code normalizePath} for file actions: relative paths resolve against the state's working dir. */
    static String normalize(String parent, String p, boolean keepSlash) {
        String cleaned = clean(p);
        if (!isAbs(cleaned)) {
            cleaned = join("/", parent, cleaned);
        }
        if (keepSlash) {
            if (p.endsWith("/") && !cleaned.endsWith("/")) {
                cleaned += "/";
            } else if (p.endsWith("/.")) {
                if (!cleaned.equals("/")) {
                    cleaned += "/";
                }
                cleaned += ".";
            }
        }
        return cleaned;
    }
}
