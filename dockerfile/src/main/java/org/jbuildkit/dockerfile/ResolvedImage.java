package org.jbuildkit.dockerfile;

/**
 * A base image as the registry answered for one platform: its normalized name (no digest), the manifest digest the
 * build pins it to ({@code sha256:…}), and the image config JSON (the OCI/Docker image config, verbatim).
 */
public record ResolvedImage(String name, String digest, byte[] config) {
    public ResolvedImage {
        config = config.clone();
    }

    @Override
    public byte[] config() {
        return config.clone();
    }
}
