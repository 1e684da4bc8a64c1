package org.jbuildkit.llb;

import java.util.Objects;

/** Options of an image source: how to resolve the reference, for which platform, and op metadata. */
public record ImageOptions(ResolveMode resolveMode, Platform platform, String recordType, OpConstraints constraints) {

    /** Upstream's {@code image.resolvemode}; DEFAULT sets no attribute at all. */
    public enum ResolveMode {
        DEFAULT(null), PULL("pull"), LOCAL("local");

        private final String attr;

        ResolveMode(String attr) {
            this.attr = attr;
        }

        String attr() {
            return attr;
        }
    }

    public ImageOptions {
        Objects.requireNonNull(resolveMode, "resolveMode");
        Objects.requireNonNull(constraints, "constraints");
    }

    public static ImageOptions defaults() {
        return new ImageOptions(ResolveMode.DEFAULT, null, null, OpConstraints.none());
    }

    public ImageOptions withResolveMode(ResolveMode mode) {
        return new ImageOptions(mode, platform, recordType, constraints);
    }

    public ImageOptions withPlatform(Platform p) {
        return new ImageOptions(resolveMode, p, recordType, constraints);
    }

    /** {@code image.recordtype}, e.g. {@code internal} for images the frontend loads for its own use. */
    public ImageOptions withRecordType(String type) {
        return new ImageOptions(resolveMode, platform, type, constraints);
    }

    public ImageOptions withConstraints(OpConstraints c) {
        return new ImageOptions(resolveMode, platform, recordType, c);
    }

    public ImageOptions withCustomName(String name) {
        return withConstraints(constraints.withCustomName(name));
    }
}
