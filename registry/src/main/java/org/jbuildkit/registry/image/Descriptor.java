package org.jbuildkit.registry.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An OCI content descriptor: what a blob or manifest is, its digest and size, and optional metadata. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Descriptor(
        @JsonProperty("mediaType") String mediaType,
        @JsonProperty("digest") Digest digest,
        @JsonProperty("size") long size,
        @JsonProperty("urls") List<String> urls,
        @JsonProperty("annotations") Map<String, String> annotations,
        @JsonProperty("platform") Platform platform,
        @JsonProperty("artifactType") String artifactType) {

    public Descriptor {
        if (digest == null) {
            throw new IllegalArgumentException("descriptor of " + mediaType + " has no digest");
        }
        if (size < 0) {
            throw new IllegalArgumentException("descriptor " + digest + " has a negative size " + size);
        }
        urls = urls == null ? List.of() : List.copyOf(urls);
        annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, List.of(), Map.of(), null, null);
    }

    public Descriptor withPlatform(Platform value) {
        return new Descriptor(mediaType, digest, size, urls, annotations, value, artifactType);
    }

    public Descriptor withAnnotations(Map<String, String> value) {
        return new Descriptor(mediaType, digest, size, urls, value, platform, artifactType);
    }
}
