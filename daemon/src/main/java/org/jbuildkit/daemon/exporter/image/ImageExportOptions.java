package org.jbuildkit.daemon.exporter.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jbuildkit.daemon.exporter.ExporterException;
import org.jbuildkit.registry.image.MediaTypes.Compression;
import org.jbuildkit.registry.reference.ImageReference;

/**
 * The attributes of an output that assembles an image ({@code oci}, {@code docker}), parsed once at resolve as
 * upstream's {@code containerimage} options: names, layer compression, media-type family, manifest annotations and
 * {@code source-date-epoch}. zstd forces OCI media types, as upstream does (Docker's types have no zstd layer).
 *
 * @param names the {@code name=} references as given (comma separated), empty when unnamed
 * @param epochSeconds {@code SOURCE_DATE_EPOCH}, or null
 * @param rewriteTimestamp {@code rewrite-timestamp=true}: clamp the times inside new layers to the epoch too
 */
record ImageExportOptions(List<String> names, LayerCompression compression, boolean ociMediaTypes,
        Map<String, String> annotations, Long epochSeconds, boolean rewriteTimestamp) {

    static final String NAME = "name";
    static final String COMPRESSION = "compression";
    static final String COMPRESSION_LEVEL = "compression-level";
    static final String FORCE_COMPRESSION = "force-compression";
    static final String OCI_MEDIATYPES = "oci-mediatypes";
    static final String SOURCE_DATE_EPOCH = "source-date-epoch";
    static final String REWRITE_TIMESTAMP = "rewrite-timestamp";
    static final String ANNOTATION = "annotation.";
    static final String ANNOTATION_MANIFEST = "annotation-manifest.";
    /** Read by the client ({@code tar=false} would be a layout directory) or accepted without effect, as upstream. */
    private static final Set<String> PASSED = Set.of("tar", "buildinfo", "buildinfo-attrs", "attestation-prefix");

    ImageExportOptions {
        names = List.copyOf(names);
        annotations = Map.copyOf(annotations);
    }

    static ImageExportOptions parse(String type, Map<String, String> attrs, boolean ociByDefault)
            throws ExporterException {
        return parse(type, attrs, ociByDefault, Set.of());
    }

    /** As above, also accepting {@code typeKeys}, the attributes only this output type reads (parsed by it). */
    static ImageExportOptions parse(String type, Map<String, String> attrs, boolean ociByDefault,
            Set<String> typeKeys) throws ExporterException {
        Set<String> accepted = new TreeSet<>(Set.of(NAME, COMPRESSION, COMPRESSION_LEVEL, FORCE_COMPRESSION,
                OCI_MEDIATYPES, SOURCE_DATE_EPOCH, REWRITE_TIMESTAMP));
        accepted.addAll(PASSED);
        accepted.addAll(typeKeys);
        Map<String, String> annotations = new LinkedHashMap<>();
        for (Map.Entry<String, String> attr : attrs.entrySet()) {
            String key = attr.getKey();
            String prefix = key.startsWith(ANNOTATION) ? ANNOTATION
                    : key.startsWith(ANNOTATION_MANIFEST) ? ANNOTATION_MANIFEST : null;
            if (prefix != null) {
                String name = key.substring(prefix.length());
                if (name.isEmpty()) {
                    throw new ExporterException("annotation attribute \"" + key + "\" names no annotation; write "
                            + prefix + "KEY=VALUE");
                }
                annotations.put(name, attr.getValue());
            } else if (!accepted.contains(key)) {
                String hint = key.equals("dest") ? " (dest names a path on the client, which keeps it to itself)"
                        : key.equals("ref") ? " (an image is named with name=)" : "";
                throw new ExporterException("output type " + type + " has no attribute \"" + key + "\"" + hint
                        + "; it takes " + String.join(", ", accepted) + ", annotation.KEY and annotation-manifest.KEY");
            }
        }
        List<String> names = names(attrs.get(NAME));
        LayerCompression compression = LayerCompression.parse(attrs.get(COMPRESSION), attrs.get(COMPRESSION_LEVEL),
                attrs.get(FORCE_COMPRESSION));
        boolean oci = ociByDefault;
        String ociAttr = attrs.get(OCI_MEDIATYPES);
        if (ociAttr != null && !ociAttr.isEmpty()) {
            Boolean value = GoBool.parse(ociAttr);
            if (value == null) {
                throw new ExporterException("non-bool value for " + OCI_MEDIATYPES + ": \"" + ociAttr
                        + "\"; use true or false");
            }
            oci = value;
        }
        if (compression.type() == Compression.ZSTD) {
            oci = true;
        }
        boolean rewrite = false;
        String rewriteAttr = attrs.get(REWRITE_TIMESTAMP);
        if (rewriteAttr != null && !rewriteAttr.isEmpty()) {
            Boolean value = GoBool.parse(rewriteAttr);
            if (value == null) {
                throw new ExporterException("non-bool value for " + REWRITE_TIMESTAMP + ": \"" + rewriteAttr
                        + "\"; use true or false");
            }
            rewrite = value;
        }
        return new ImageExportOptions(names, compression, oci, annotations, epoch(attrs.get(SOURCE_DATE_EPOCH)),
                rewrite);
    }

    /** The epoch new layers' times are clamped to, or null when they are kept. */
    Long layerEpoch() {
        return rewriteTimestamp ? epochSeconds : null;
    }

    /** Each name as a reference (normalized: {@code docker.io/library/x:latest}), for the archive's index. */
    List<ImageReference> references() {
        return names.stream().map(ImageReference::parse).toList();
    }

    private static List<String> names(String value) throws ExporterException {
        List<String> names = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return names;
        }
        for (String part : unquote(value.trim()).split(",")) {
            String name = unquote(part.trim());
            if (name.isEmpty()) {
                continue;
            }
            try {
                ImageReference.parse(name);
            } catch (IllegalArgumentException e) {
                throw new ExporterException("invalid image name \"" + name + "\" in name=: " + e.getMessage()
                        + "; use a reference such as registry.example/app:1.0");
            }
            names.add(name);
        }
        return names;
    }

    /** A list given as {@code "a,b"} reaches the daemon with its quotes when the client's CSV kept them. */
    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).trim();
        }
        return value;
    }

    private static Long epoch(String value) throws ExporterException {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ExporterException("invalid " + SOURCE_DATE_EPOCH + ": \"" + value + "\"; give Unix seconds,"
                    + " e.g. " + SOURCE_DATE_EPOCH + "=1700000000");
        }
    }
}
