package org.jbuildkit.daemon.exporter.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jbuildkit.daemon.exporter.ExporterException;
import org.jbuildkit.registry.image.Digest;
import org.jbuildkit.registry.reference.ImageReference;

/**
 * The names a {@code type=image} output gives its image, as upstream's image exporter derives them: the
 * {@code name=} list, or {@code PREFIX@DIGEST} for an unnamed image with {@code dangling-name-prefix}; pushed under
 * each tag ({@code latest} when a name has none), or under the manifest digest alone with {@code push-by-digest}.
 */
record ImageNames(List<String> names, ImagePushOptions push) {

    ImageNames {
        names = List.copyOf(names);
    }

    /** Refuses a push with nowhere to go before anything is built. */
    static ImageNames of(List<String> names, ImagePushOptions push) throws ExporterException {
        if (push.push() && names.isEmpty() && push.danglingNamePrefix() == null) {
            throw new ExporterException("output type image has push=true but no name to push to; add"
                    + " name=REGISTRY/REPOSITORY[:TAG] (several separated by commas)");
        }
        if (push.danglingNamePrefix() != null) {
            try {
                ImageReference.parse(push.danglingNamePrefix());
            } catch (IllegalArgumentException e) {
                throw new ExporterException("invalid " + ImagePushOptions.DANGLING_NAME_PREFIX + " \""
                        + push.danglingNamePrefix() + "\": " + e.getMessage() + "; give a repository such as"
                        + " registry.example/app");
            }
        }
        return new ImageNames(names, push);
    }

    /** Each repository the image goes to, once ({@code registry/repository} → a reference in it), for preflight. */
    Map<String, ImageReference> repositories() {
        Map<String, ImageReference> repositories = new LinkedHashMap<>();
        for (ImageReference ref : bases()) {
            repositories.putIfAbsent(ref.name(), ref);
        }
        return repositories;
    }

    /** Where the manifest {@code digest} is pushed, in the order given: tags, or the digest alone. */
    List<ImageReference> pushTargets(Digest digest) {
        List<ImageReference> targets = new ArrayList<>();
        boolean byDigest = push.pushByDigest() || names.isEmpty();
        for (ImageReference ref : bases()) {
            ImageReference target = byDigest ? new ImageReference(ref.registry(), ref.repository(), null, digest)
                    : new ImageReference(ref.registry(), ref.repository(), ref.tagOrDefault(), null);
            if (!targets.contains(target)) {
                targets.add(target);
            }
        }
        return targets;
    }

    /** The response's {@code image.name}: the names, each also as {@code NAME@DIGEST} with name-canonical. */
    String imageName(Digest digest) {
        List<String> out = new ArrayList<>();
        if (names.isEmpty()) {
            if (push.danglingNamePrefix() != null) {
                out.add(push.danglingNamePrefix() + "@" + digest);
            }
            return String.join(",", out);
        }
        for (String name : names) {
            out.add(name);
            if (push.nameCanonical()) {
                out.add(ImageReference.parse(name).name() + "@" + digest);
            }
        }
        return String.join(",", out);
    }

    private List<ImageReference> bases() {
        if (names.isEmpty()) {
            return push.danglingNamePrefix() == null ? List.of()
                    : List.of(ImageReference.parse(push.danglingNamePrefix()));
        }
        return names.stream().map(ImageReference::parse).toList();
    }
}
