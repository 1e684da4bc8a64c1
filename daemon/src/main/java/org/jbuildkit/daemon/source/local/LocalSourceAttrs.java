package org.jbuildkit.daemon.source.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jbuildkit.api.pb.SourceOp;
import org.jbuildkit.session.filesync.DiffCopyRequest;
import org.jbuildkit.session.filesync.FilterOptions;

/**
 * A {@code local://NAME} source as LLB spells it: the directory's name and its attributes
 * ({@code local.includepattern}, {@code local.excludepatterns}, {@code local.followpaths} as JSON
 * arrays, {@code local.sharedkeyhint}, {@code local.session}, {@code local.differ}).
 */
record LocalSourceAttrs(String name, List<String> includePatterns, List<String> excludePatterns,
        List<String> followPaths, String sharedKeyHint, String sessionId, String differ) {
    static final String SCHEME = "local://";
    private static final ObjectMapper JSON = new ObjectMapper();

    LocalSourceAttrs {
        includePatterns = List.copyOf(includePatterns);
        excludePatterns = List.copyOf(excludePatterns);
        followPaths = List.copyOf(followPaths);
    }

    static LocalSourceAttrs parse(SourceOp source) {
        String identifier = source.getIdentifier();
        if (!identifier.startsWith(SCHEME) || identifier.length() == SCHEME.length()) {
            throw new IllegalArgumentException("local source \"" + identifier + "\" names no directory: write"
                    + " local://NAME, NAME as given to buildctl build --local NAME=DIR");
        }
        Map<String, String> attrs = source.getAttrsMap();
        String differ = attrs.getOrDefault("local.differ", "");
        if (!differ.isEmpty() && !differ.equals("metadata") && !differ.equals("none")) {
            throw new IllegalArgumentException("local source " + identifier + ": local.differ \"" + differ
                    + "\" is not one of metadata, none");
        }
        return new LocalSourceAttrs(identifier.substring(SCHEME.length()),
                array(attrs, "local.includepattern", identifier), array(attrs, "local.excludepatterns", identifier),
                array(attrs, "local.followpaths", identifier), attrs.getOrDefault("local.sharedkeyhint", ""),
                attrs.getOrDefault("local.session", ""), differ);
    }

    DiffCopyRequest request() {
        return new DiffCopyRequest(name, new FilterOptions(includePatterns, excludePatterns, followPaths));
    }

    private static List<String> array(Map<String, String> attrs, String key, String identifier) {
        String value = attrs.get(key);
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        try {
            return Arrays.asList(JSON.readValue(value, String[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("local source " + identifier + ": attribute " + key
                    + " is not a JSON array of strings: " + value);
        }
    }
}
