package org.jbuildkit.registry.reference;

import org.jbuildkit.registry.image.Digest;

/**
 * Docker's reference grammar, checked character by character so an error can point at the
 * offending position: {@code [domain[:port]/]path[:tag][@digest]}.
 */
final class ReferenceParser {
    private static final int MAX_NAME = 255;
    private static final int MAX_TAG = 128;

    private final String text;

    ReferenceParser(String text) {
        this.text = text == null ? "" : text;
    }

    ImageReference parse() {
        if (text.isEmpty()) {
            throw fail(0, "is empty");
        }
        int at = text.indexOf('@');
        String beforeDigest = at >= 0 ? text.substring(0, at) : text;
        Digest digest = null;
        if (at >= 0) {
            try {
                digest = Digest.parse(text.substring(at + 1));
            } catch (IllegalArgumentException e) {
                throw fail(at + 1, "has an invalid digest (" + e.getMessage() + ")");
            }
        }
        int lastSlash = beforeDigest.lastIndexOf('/');
        int colon = beforeDigest.lastIndexOf(':');
        String tag = null;
        String name = beforeDigest;
        if (colon > lastSlash) {
            tag = beforeDigest.substring(colon + 1);
            name = beforeDigest.substring(0, colon);
            checkTag(tag, colon + 1);
        }
        if (name.isEmpty()) {
            throw fail(0, "has no repository name");
        }
        int firstSlash = name.indexOf('/');
        String registry;
        String path;
        int pathStart;
        if (firstSlash > 0 && looksLikeDomain(name.substring(0, firstSlash))) {
            registry = name.substring(0, firstSlash);
            path = name.substring(firstSlash + 1);
            pathStart = firstSlash + 1;
            checkDomain(registry);
        } else {
            registry = ImageReference.DOCKER_HUB;
            path = name;
            pathStart = 0;
        }
        if (registry.equals("index.docker.io")) {
            registry = ImageReference.DOCKER_HUB;
        }
        checkPath(path, pathStart);
        if (registry.equals(ImageReference.DOCKER_HUB) && path.indexOf('/') < 0) {
            path = "library/" + path;
        }
        if (registry.length() + 1 + path.length() > MAX_NAME) {
            throw fail(0, "is longer than " + MAX_NAME + " characters");
        }
        return new ImageReference(registry, path, tag, digest);
    }

    /** Docker's rule: the first component is a domain if it has a dot or a port, or is localhost. */
    private static boolean looksLikeDomain(String first) {
        return first.contains(".") || first.contains(":") || first.equals("localhost")
                || !first.equals(first.toLowerCase());
    }

    private void checkDomain(String domain) {
        String host = domain;
        int portColon = domain.startsWith("[") ? domain.indexOf("]:") + 1 : domain.lastIndexOf(':');
        if (portColon > 0) {
            host = domain.substring(0, portColon);
            String port = domain.substring(portColon + 1);
            if (port.isEmpty() || !port.chars().allMatch(Character::isDigit)) {
                throw fail(portColon + 1, "has a port that is not a number");
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            return;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '.' && c != '-') {
                throw fail(i, "has '" + c + "' in the registry host; hosts use letters, digits, '.' and '-'");
            }
        }
        if (host.startsWith("-") || host.startsWith(".") || host.endsWith("-") || host.endsWith(".")
                || host.contains("..")) {
            throw fail(0, "has an invalid registry host '" + host + "'");
        }
    }

    private void checkPath(String path, int offset) {
        String[] components = path.split("/", -1);
        int pos = offset;
        for (String component : components) {
            if (component.isEmpty()) {
                throw fail(pos, "has an empty path component (a doubled or trailing '/')");
            }
            for (int i = 0; i < component.length(); i++) {
                char c = component.charAt(i);
                if (c >= 'A' && c <= 'Z') {
                    throw fail(pos + i, "has an uppercase letter '" + c + "': repository names must be lowercase");
                }
                boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
                boolean separator = c == '.' || c == '_' || c == '-';
                if (!alnum && !separator) {
                    throw fail(pos + i, "has '" + c + "' in the repository name; use lowercase letters, digits"
                            + " and the separators '.', '_', '__' or '-'");
                }
                if (separator && (i == 0 || i == component.length() - 1)) {
                    throw fail(pos + i, "has a separator '" + c + "' at the start or end of a path component");
                }
            }
            if (component.matches(".*(\\.\\.|\\._|_\\.|___|-\\.|\\.-|_-|-_).*")) {
                throw fail(pos, "has an invalid separator sequence in '" + component + "'");
            }
            pos += component.length() + 1;
        }
    }

    private void checkTag(String tag, int offset) {
        if (tag.isEmpty()) {
            throw fail(offset, "has an empty tag after ':'");
        }
        if (tag.length() > MAX_TAG) {
            throw fail(offset, "has a tag longer than " + MAX_TAG + " characters");
        }
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            boolean word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (!word && (i == 0 || (c != '.' && c != '-'))) {
                throw fail(offset + i, "has '" + c + "' in the tag; tags use letters, digits, '_', '.' and '-'"
                        + " and cannot start with '.' or '-'");
            }
        }
    }

    private IllegalArgumentException fail(int position, String problem) {
        String caret = " ".repeat(Math.max(0, position)) + "^";
        return new InvalidReferenceException("invalid reference \"" + text + "\": " + problem
                + "\n  " + text + "\n  " + caret, position);
    }
}
