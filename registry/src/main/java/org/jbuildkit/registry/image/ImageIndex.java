package org.jbuildkit.registry.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An image index (OCI) or manifest list (Docker): one manifest per platform. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ImageIndex(
        @JsonProperty("schemaVersion") int schemaVersion,
        @JsonProperty("mediaType") String mediaType,
        @JsonProperty("artifactType") String artifactType,
        @JsonProperty("manifests") List<Descriptor> manifests,
        @JsonProperty("subject") Descriptor subject,
        @JsonProperty("annotations") Map<String, String> annotations) {

    public ImageIndex {
        if (schemaVersion != 2) {
            throw new IllegalArgumentException("index schemaVersion " + schemaVersion + " is not supported (only 2)");
        }
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
        annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    public static ImageIndex oci(List<Descriptor> manifests) {
        return new ImageIndex(2, MediaTypes.OCI_INDEX, null, manifests, null, Map.of());
    }

    /**
     * The manifest for a platform: an exact match first, then the best variant the platform can run
     * (highest level not above its own), as containerd's matcher orders them.
     */
    public Optional<Descriptor> manifestFor(Platform wanted) {
        Platform want = wanted.normalized();
        Descriptor best = null;
        for (Descriptor d : manifests) {
            if (d.platform() == null || !d.platform().runsOn(want)) {
                continue;
            }
            if (d.platform().normalized().equals(want)) {
                return Optional.of(d);
            }
            if (best == null || variantLevel(d.platform()) > variantLevel(best.platform())) {
                best = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int variantLevel(Platform p) {
        String v = p.normalized().variant();
        return v.matches("v\\d+") ? Integer.parseInt(v.substring(1)) : 0;
    }
}
