package org.jbuildkit.daemon.worker.metadata;

/**
 * Where a pulled blob came from: the registry host and repository it was fetched from, so a push to another
 * repository on the same registry can mount it instead of uploading it again.
 */
public record BlobSource(String registry, String repository) {
    public BlobSource {
        if (registry == null || registry.isEmpty() || repository == null || repository.isEmpty()) {
            throw new IllegalArgumentException("a blob source needs a registry and a repository");
        }
    }

    /** {@code registry/repository}, as kept on disk. */
    String render() {
        return registry + "/" + repository;
    }

    /** Reads {@link #render()}'s form; null for null or a form without a repository. */
    static BlobSource parse(String text) {
        if (text == null) {
            return null;
        }
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            return null;
        }
        return new BlobSource(text.substring(0, slash), text.substring(slash + 1));
    }
}
