package org.jbuildkit.llb;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jbuildkit.api.pb.ExportCache;
import org.jbuildkit.api.pb.OpMetadata;
import org.jbuildkit.api.pb.ProgressGroup;

/**
 * Per-op constraints and metadata (upstream's {@code llb.Constraints}): platform, worker filters, and the
 * {@code OpMetadata} the solver shows or obeys (description, ignore-cache, progress group, caps).
 * Immutable; every {@code with…} returns a copy.
 */
public final class OpConstraints {

    public static final String CUSTOM_NAME = "llb.customname";

    private static final OpConstraints NONE = new OpConstraints(null, List.of(), false, Map.of(), null, null,
            Set.of(), null, List.of());

    private final Platform platform;
    private final List<String> workerConstraints;
    private final boolean ignoreCache;
    private final Map<String, String> description;
    private final ProgressGroup progressGroup;
    private final Boolean exportCache;
    private final Set<String> caps;
    private final String localUniqueId;
    private final List<SourceMap.Location> sourceLocations;

    private OpConstraints(Platform platform, List<String> workerConstraints, boolean ignoreCache,
            Map<String, String> description, ProgressGroup progressGroup, Boolean exportCache, Set<String> caps,
            String localUniqueId, List<SourceMap.Location> sourceLocations) {
        this.platform = platform;
        this.workerConstraints = List.copyOf(workerConstraints);
        this.ignoreCache = ignoreCache;
        this.description = Collections.unmodifiableMap(new TreeMap<>(description));
        this.progressGroup = progressGroup;
        this.exportCache = exportCache;
        this.caps = Collections.unmodifiableSet(new TreeSet<>(caps));
        this.localUniqueId = localUniqueId;
        this.sourceLocations = List.copyOf(sourceLocations);
    }

    public static OpConstraints none() {
        return NONE;
    }

    public static OpConstraints customName(String name) {
        return NONE.withCustomName(name);
    }

    public OpConstraints withPlatform(Platform p) {
        return new OpConstraints(p, workerConstraints, ignoreCache, description, progressGroup, exportCache, caps,
                localUniqueId, sourceLocations);
    }

    public OpConstraints withWorkerConstraint(String filter) {
        List<String> filters = new ArrayList<>(workerConstraints);
        filters.add(filter);
        return new OpConstraints(platform, filters, ignoreCache, description, progressGroup, exportCache, caps,
                localUniqueId, sourceLocations);
    }

    public OpConstraints withIgnoreCache() {
        return new OpConstraints(platform, workerConstraints, true, description, progressGroup, exportCache, caps,
                localUniqueId, sourceLocations);
    }

    public OpConstraints withCustomName(String name) {
        return withDescription(Map.of(CUSTOM_NAME, name));
    }

    /** Adds description entries; later entries for the same key win, as in upstream's {@code WithDescription}. */
    public OpConstraints withDescription(Map<String, String> entries) {
        Map<String, String> merged = new TreeMap<>(description);
        merged.putAll(entries);
        return new OpConstraints(platform, workerConstraints, ignoreCache, merged, progressGroup, exportCache, caps,
                localUniqueId, sourceLocations);
    }

    public OpConstraints withProgressGroup(String id, String name, boolean weak) {
        ProgressGroup group = ProgressGroup.newBuilder().setId(id).setName(name).setWeak(weak).build();
        return new OpConstraints(platform, workerConstraints, ignoreCache, description, group, exportCache, caps,
                localUniqueId, sourceLocations);
    }

    public OpConstraints withExportCache(boolean export) {
        return new OpConstraints(platform, workerConstraints, ignoreCache, description, progressGroup, export, caps,
                localUniqueId, sourceLocations);
    }

    /** Fixes the {@code local.unique} attribute of a local source instead of a random one per marshal. */
    public OpConstraints withLocalUniqueId(String id) {
        return new OpConstraints(platform, workerConstraints, ignoreCache, description, progressGroup, exportCache,
                caps, id, sourceLocations);
    }

    OpConstraints withCap(String cap) {
        Set<String> more = new TreeSet<>(caps);
        more.add(cap);
        return new OpConstraints(platform, workerConstraints, ignoreCache, description, progressGroup, exportCache,
                more, localUniqueId, sourceLocations);
    }

    /** Points the op at {@code ranges} of {@code map} (upstream's {@code SourceMap.Location}); may be repeated. */
    public OpConstraints withSourceLocation(SourceMap map, List<SourceMap.Range> ranges) {
        List<SourceMap.Location> more = new ArrayList<>(sourceLocations);
        more.add(map.location(ranges));
        return new OpConstraints(platform, workerConstraints, ignoreCache, description, progressGroup, exportCache,
                caps, localUniqueId, more);
    }

    List<SourceMap.Location> sourceLocations() {
        return sourceLocations;
    }

    public Optional<Platform> platform() {
        return Optional.ofNullable(platform);
    }

    Platform platformOrNull() {
        return platform;
    }

    String localUniqueIdOrNull() {
        return localUniqueId;
    }

    List<String> workerConstraints() {
        return workerConstraints;
    }

    /** Upstream's {@code mergeMetadata}: flags are or-ed, descriptions and caps merged, later objects win. */
    OpConstraints mergedWith(OpConstraints override) {
        List<String> filters = new ArrayList<>(workerConstraints);
        filters.addAll(override.workerConstraints);
        Map<String, String> desc = new TreeMap<>(description);
        desc.putAll(override.description);
        Set<String> allCaps = new TreeSet<>(caps);
        allCaps.addAll(override.caps);
        List<SourceMap.Location> locations = new ArrayList<>(sourceLocations);
        locations.addAll(override.sourceLocations);
        return new OpConstraints(override.platform != null ? override.platform : platform, filters,
                ignoreCache || override.ignoreCache, desc,
                override.progressGroup != null ? override.progressGroup : progressGroup,
                override.exportCache != null ? override.exportCache : exportCache, allCaps,
                override.localUniqueId != null ? override.localUniqueId : localUniqueId, sourceLocations);
    }

    OpMetadata toMetadata() {
        OpMetadata.Builder md = OpMetadata.newBuilder().setIgnoreCache(ignoreCache).putAllDescription(description);
        caps.forEach(c -> md.putCaps(c, true));
        if (progressGroup != null) {
            md.setProgressGroup(progressGroup);
        }
        if (exportCache != null) {
            md.setExportCache(ExportCache.newBuilder().setValue(exportCache));
        }
        return md.build();
    }
}
