package org.jbuildkit.daemon.exporter.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jbuildkit.registry.image.Descriptor;
import org.jbuildkit.registry.image.MediaTypes;

/**
 * Image manifests and descriptors as JSON, fields in the order of the image-spec's Go types (so the bytes read as
 * upstream's do): OCI media types, or Docker's schema 2 when {@code oci} is false, layer types converted to the
 * chosen family.
 */
final class ImageManifests {
    static final ObjectMapper JSON = new ObjectMapper();

    private ImageManifests() {
    }

    static String manifestType(boolean oci) {
        return oci ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST;
    }

    static String configType(boolean oci) {
        return oci ? MediaTypes.OCI_CONFIG : MediaTypes.DOCKER_CONFIG;
    }

    /** A layer's media type in the family of the manifest that lists it (its compression kept). */
    static String layerType(String mediaType, boolean oci) {
        if (MediaTypes.isNonDistributable(mediaType)) {
            return mediaType;
        }
        return MediaTypes.layerType(MediaTypes.compressionOf(mediaType), oci);
    }

    static byte[] manifest(boolean oci, Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", manifestType(oci));
        manifest.set("config", descriptor(config));
        ArrayNode array = manifest.putArray("layers");
        layers.forEach(l -> array.add(descriptor(l)));
        if (!annotations.isEmpty()) {
            ObjectNode map = manifest.putObject("annotations");
            new TreeMap<>(annotations).forEach(map::put);
        }
        return bytes(manifest);
    }

    static ObjectNode descriptor(Descriptor d) {
        ObjectNode node = JSON.createObjectNode();
        node.put("mediaType", d.mediaType());
        node.put("digest", d.digest().toString());
        node.put("size", d.size());
        if (!d.annotations().isEmpty()) {
            ObjectNode map = node.putObject("annotations");
            d.annotations().forEach(map::put);
        }
        if (d.platform() != null) {
            ObjectNode platform = node.putObject("platform");
            platform.put("architecture", d.platform().architecture());
            platform.put("os", d.platform().os());
            if (d.platform().variant() != null && !d.platform().variant().isEmpty()) {
                platform.put("variant", d.platform().variant());
            }
        }
        return node;
    }

    static byte[] bytes(Object node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
