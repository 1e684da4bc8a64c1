package org.jbuildkit.daemon.exporter.image;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.jbuildkit.daemon.exporter.ExporterException;
import org.jbuildkit.registry.image.MediaTypes;
import org.jbuildkit.registry.image.MediaTypes.Compression;

/**
 * How new layers are compressed ({@code compression}, {@code compression-level}, {@code force-compression}, as
 * upstream's {@code util/compression}): gzip by default; {@code force} also recompresses layers that already have a
 * blob in another compression (a pulled layer), which are otherwise reused as they are.
 *
 * @param level null for the compressor's default
 */
public record LayerCompression(Compression type, Integer level, boolean force) {
    public static final LayerCompression DEFAULT = new LayerCompression(Compression.GZIP, null, false);

    public static LayerCompression parse(String type, String level, String force) throws ExporterException {
        Compression compression = switch (type == null ? "gzip" : type.toLowerCase(Locale.ROOT)) {
            case "gzip" -> Compression.GZIP;
            case "zstd" -> Compression.ZSTD;
            case "uncompressed" -> Compression.UNCOMPRESSED;
            default -> throw new ExporterException("unsupported compression type \"" + type
                    + "\"; use compression=gzip, zstd or uncompressed");
        };
        Integer parsedLevel = null;
        if (level != null && !level.isEmpty()) {
            try {
                parsedLevel = Integer.parseInt(level);
            } catch (NumberFormatException e) {
                throw new ExporterException("non-integer value for compression-level: \"" + level + "\"; give a"
                        + " number, e.g. compression-level=6");
            }
            int max = compression == Compression.ZSTD ? 22 : 9;
            if (compression != Compression.UNCOMPRESSED && (parsedLevel < 0 || parsedLevel > max)) {
                throw new ExporterException("compression-level " + parsedLevel + " is out of range for "
                        + name(compression) + ": use 0 to " + max);
            }
        }
        boolean forced = false;
        if (force != null && !force.isEmpty()) {
            Boolean value = GoBool.parse(force);
            if (value == null) {
                throw new ExporterException("non-bool value for force-compression: \"" + force
                        + "\"; use true or false");
            }
            forced = value;
        }
        return new LayerCompression(compression, parsedLevel, forced);
    }

    /** The layer media type of this compression in the OCI or Docker family. */
    String mediaType(boolean oci) {
        return MediaTypes.layerType(type, oci);
    }

    /** Wraps {@code out} in this compressor; closing the result finishes the stream and closes {@code out}. */
    OutputStream compress(OutputStream out) throws IOException {
        return switch (type) {
            case GZIP -> new LeveledGzip(out, level == null ? Deflater.DEFAULT_COMPRESSION : level);
            case ZSTD -> new ZstdOutputStream(out, level == null ? 3 : level);
            case UNCOMPRESSED -> out;
        };
    }

    static String name(Compression compression) {
        return compression.name().toLowerCase(Locale.ROOT);
    }

    /** {@link GZIPOutputStream} at a chosen level, with a large buffer. */
    private static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(OutputStream out, int level) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(level);
        }
    }
}
