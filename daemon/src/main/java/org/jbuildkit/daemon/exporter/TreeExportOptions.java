package org.jbuildkit.daemon.exporter;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jbuildkit.session.filesync.TreeWalk;

/**
 * The attributes of the outputs that export the result's file tree ({@code local}, {@code tar}),
 * as upstream's {@code CreateFSOpts}: {@code source-date-epoch} clamps every mtime to that Unix
 * second; {@code platform-split} and {@code attestation-prefix} are accepted and checked but change
 * nothing while results have one platform and no attestations.
 */
final class TreeExportOptions {
    static final String SOURCE_DATE_EPOCH = "source-date-epoch";
    static final String PLATFORM_SPLIT = "platform-split";
    static final String ATTESTATION_PREFIX = "attestation-prefix";
    static final Set<String> COMMON_KEYS = Set.of(SOURCE_DATE_EPOCH, PLATFORM_SPLIT, ATTESTATION_PREFIX);

    private final Long epochSeconds;

    private TreeExportOptions(Long epochSeconds) {
        this.epochSeconds = epochSeconds;
    }

    /** Parses {@code attrs}, refusing keys outside {@code accepted} with the list of those it takes. */
    static TreeExportOptions parse(String type, Map<String, String> attrs, Set<String> accepted)
            throws ExporterException {
        for (String key : attrs.keySet()) {
            if (!accepted.contains(key)) {
                String hint = key.equals("dest") ? " (dest names a path on the client, which keeps it to itself)" : "";
                throw new ExporterException("output type " + type + " has no attribute \"" + key + "\"" + hint
                        + "; it takes " + String.join(", ", new TreeSet<>(accepted)));
            }
        }
        String split = attrs.get(PLATFORM_SPLIT);
        if (split != null && goBool(split) == null) {
            throw new ExporterException("non-bool value for " + PLATFORM_SPLIT + ": \"" + split
                    + "\"; use true or false");
        }
        String epoch = attrs.getOrDefault(SOURCE_DATE_EPOCH, "");
        Long seconds = null;
        if (!epoch.isEmpty()) {
            try {
                seconds = Long.parseLong(epoch);
            } catch (NumberFormatException e) {
                throw new ExporterException("invalid " + SOURCE_DATE_EPOCH + ": \"" + epoch
                        + "\"; give Unix seconds, e.g. " + SOURCE_DATE_EPOCH + "=1700000000");
            }
        }
        return new TreeExportOptions(seconds);
    }

    /** The walk that lists the result: as on disk, or with every mtime set to the epoch. */
    TreeWalk walk() {
        if (epochSeconds == null) {
            return TreeWalk.plain();
        }
        long nanos = epochSeconds * 1_000_000_000L;
        return TreeWalk.mapped(stat -> stat.toBuilder().setModTime(nanos).build());
    }

    /** Go's {@code strconv.ParseBool}, null for anything else. */
    static Boolean goBool(String value) {
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
            case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
            default -> null;
        };
    }
}
