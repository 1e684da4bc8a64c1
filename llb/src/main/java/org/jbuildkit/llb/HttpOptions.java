package org.jbuildkit.llb;

import java.util.Objects;

/** Options of an HTTP(S) source: expected checksum, file name, permissions and owner of the downloaded file. */
public record HttpOptions(String checksum, String filename, int chmod, int uid, int gid, OpConstraints constraints) {

    public HttpOptions {
        Objects.requireNonNull(constraints, "constraints");
    }

    public static HttpOptions defaults() {
        return new HttpOptions(null, null, 0, 0, 0, OpConstraints.none());
    }

    /** The expected {@code sha256:<hex>} digest of the content. */
    public HttpOptions withChecksum(String digest) {
        return new HttpOptions(digest, filename, chmod, uid, gid, constraints);
    }

    public HttpOptions withFilename(String name) {
        return new HttpOptions(checksum, name, chmod, uid, gid, constraints);
    }

    public HttpOptions withChmod(int mode) {
        return new HttpOptions(checksum, filename, mode, uid, gid, constraints);
    }

    public HttpOptions withChown(int newUid, int newGid) {
        return new HttpOptions(checksum, filename, chmod, newUid, newGid, constraints);
    }

    public HttpOptions withConstraints(OpConstraints c) {
        return new HttpOptions(checksum, filename, chmod, uid, gid, c);
    }
}
