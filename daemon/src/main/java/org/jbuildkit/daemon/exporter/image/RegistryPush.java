package org.jbuildkit.daemon.exporter.image;

import java.nio.file.Path;
import java.util.Optional;
import org.jbuildkit.registry.distribution.RegistryClient;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.reference.ImageReference;

/** The two registry actions an image push is made of: the seam between {@link ImagePusher} and the registry client. */
interface RegistryPush {

    /** Puts a blob into {@code repository} unless it is there, mounting it from {@code mountFrom} when given. */
    void pushBlob(ImageReference repository, Descriptor blob, Path file, Optional<String> mountFrom);

    /** Puts the manifest under {@code target}'s tag, or its digest when it has none. */
    void pushManifest(ImageReference target, String mediaType, byte[] manifest);

    static RegistryPush of(RegistryClient client) {
        return new RegistryPush() {
            @Override
            public void pushBlob(ImageReference repository, Descriptor blob, Path file, Optional<String> mountFrom) {
                client.pushBlob(repository.registry(), repository.repository(), blob, file, mountFrom);
            }

            @Override
            public void pushManifest(ImageReference target, String mediaType, byte[] manifest) {
                client.pushManifest(target, mediaType, manifest);
            }
        };
    }
}
