package org.jbuildkit.llb;

/** Docker's reference normalization ({@code ParseNormalizedNamed} + {@code TagNameOnly}), enough for source ids. */
public final class ImageReferences {

    private ImageReferences() {
    }

    public static String normalize(String ref) {
        String name = ref;
        String digest = "";
        int at = name.indexOf('@');
        if (at >= 0) {
            digest = name.substring(at);
            name = name.substring(0, at);
        }
        String tag = "";
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        if (colon > slash) {
            tag = name.substring(colon);
            name = name.substring(0, colon);
        }
        int first = name.indexOf('/');
        String head = first < 0 ? "" : name.substring(0, first);
        boolean hasDomain = first >= 0 && (head.contains(".") || head.contains(":") || head.equals("localhost")
                || !head.equals(head.toLowerCase(java.util.Locale.ROOT)));
        if (!hasDomain) {
            name = "docker.io/" + (first < 0 ? "library/" : "") + name;
        } else if (head.equals("index.docker.io")) {
            name = "docker.io" + name.substring(first);
        }
        if (tag.isEmpty() && digest.isEmpty()) {
            tag = ":latest";
        }
        return name + tag + digest;
    }
}
