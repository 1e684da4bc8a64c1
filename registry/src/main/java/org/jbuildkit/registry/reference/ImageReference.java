package org.jbuildkit.registry.reference;

import java.util.Optional;
import org.jbuildkit.registry.image.Digest;

/**
 * A fully qualified image reference, normalized as Docker does: {@code alpine} is
 * {@code docker.io/library/alpine:latest}; {@code host:port/repo:tag@sha256:…} keeps all parts.
 * Parse once with {@link #parse}; never pass references around as strings.
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {
    public static final String DOCKER_HUB = "docker.io";
    public static final String DEFAULT_TAG = "latest";

    public ImageReference {
        if (registry == null || registry.isEmpty() || repository == null || repository.isEmpty()) {
            throw new IllegalArgumentException("a reference needs a registry and a repository");
        }
    }

    /** Parses and normalizes; a bad reference fails with the character and the rule it broke. */
    public static ImageReference parse(String text) {
        return new ReferenceParser(text).parse();
    }

    public Optional<String> tagIfSet() {
        return Optional.ofNullable(tag);
    }

    public Optional<Digest> digestIfSet() {
        return Optional.ofNullable(digest);
    }

    /** The tag, or {@code latest} when the reference names neither tag nor digest. */
    public String tagOrDefault() {
        return tag != null ? tag : DEFAULT_TAG;
    }

    /** The digest if pinned, else the tag (defaulted): what to ask the registry for. */
    public String manifestReference() {
        return digest != null ? digest.toString() : tagOrDefault();
    }

    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, newTag, digest);
    }

    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(registry, repository, tag, newDigest);
    }

    /** registry/repository without tag or digest. */
    public String name() {
        return registry + "/" + repository;
    }

    /** The short form Docker shows: {@code alpine:latest} for Docker Hub's library images. */
    public String familiar() {
        String name = name();
        if (registry.equals(DOCKER_HUB)) {
            name = repository.startsWith("library/") && repository.indexOf('/', 8) < 0
                    ? repository.substring("library/".length())
                    : repository;
        }
        return name + suffix();
    }

    @Override
    public String toString() {
        return name() + suffix();
    }

    /** The tag and digest parts; {@code :latest} when the reference names neither, as Docker normalizes. */
    private String suffix() {
        if (tag == null && digest == null) {
            return ":" + DEFAULT_TAG;
        }
        return (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
