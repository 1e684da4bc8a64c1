package org.jbuildkit.client.cache;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.jbuildkit.client.flags.CsvFields;

/**
 * {@code --export-cache} and {@code --import-cache} as upstream's buildctl reads them: CSV fields {@code key=value}
 * (keys lower-cased), {@code type} required; a value with no {@code type=} anywhere is the legacy (pre-v0.4, still
 * accepted) form {@code <ref>}, meaning {@code type=registry,ref=<ref>}. Exports get {@code mode=min} unless given;
 * {@code type=gha} takes its URL and token from the GitHub Actions environment when not given.
 */
public final class CacheFlags {
    private static final String EXPORT = "--export-cache";
    private static final String IMPORT = "--import-cache";

    private final Map<String, String> env;
    private final Consumer<String> warnings;

    /** {@code env} is the process environment (for {@code type=gha}); deprecations go to {@code warnings}. */
    public CacheFlags(Map<String, String> env, Consumer<String> warnings) {
        this.env = Map.copyOf(env);
        this.warnings = warnings;
    }

    public List<CacheEntry> exports(List<String> flags) {
        List<CacheEntry> entries = new ArrayList<>();
        for (String flag : flags) {
            if (isLegacy(flag)) {
                warnings.accept(EXPORT + " <ref> is deprecated. Please use " + EXPORT
                        + " type=registry,ref=<ref>,<opt>=<optval>[,<opt>=<optval>] instead");
                entries.add(new CacheEntry("registry", Map.of("mode", "min", "ref", flag)));
                continue;
            }
            CacheEntry entry = parse(flag, EXPORT);
            if (!entry.attrs().containsKey("mode")) {
                entry = entry.with("mode", "min");
            }
            entries.add(gha(entry));
        }
        return entries;
    }

    public List<CacheEntry> imports(List<String> flags) {
        List<CacheEntry> entries = new ArrayList<>();
        for (String flag : flags) {
            if (isLegacy(flag)) {
                warnings.accept(IMPORT + " <ref> is deprecated. Please use " + IMPORT
                        + " type=registry,ref=<ref>,<opt>=<optval>[,<opt>=<optval>] instead.");
                entries.add(new CacheEntry("registry", Map.of("ref", flag)));
                continue;
            }
            entries.add(gha(parse(flag, IMPORT)));
        }
        return entries;
    }

    /** Upstream's test, verbatim in effect: no {@code type=} anywhere in the value (case-sensitive). */
    private static boolean isLegacy(String flag) {
        return !flag.contains("type=");
    }

    private static CacheEntry parse(String flag, String name) {
        Map<String, String> attrs = new LinkedHashMap<>();
        String type = "";
        for (String field : CsvFields.split(flag, name)) {
            int eq = field.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("invalid value " + field + " in " + name + " " + flag
                        + ": every field is key=value, e.g. " + name + " type=registry,ref=example.com/app:cache");
            }
            String key = field.substring(0, eq).toLowerCase(Locale.ROOT);
            String value = field.substring(eq + 1);
            if (key.equals("type")) {
                type = value;
            } else {
                attrs.put(key, value);
            }
        }
        if (type.isEmpty()) {
            throw new IllegalArgumentException(name + " requires type=<type> (" + flag + "): use type=registry,ref=REF,"
                    + " type=local," + (name.equals(EXPORT) ? "dest" : "src") + "=DIR, type=inline, …");
        }
        return new CacheEntry(type, attrs);
    }

    /** Upstream's {@code loadGithubEnv}: the cache service URL and token from the Actions runner's environment. */
    private CacheEntry gha(CacheEntry entry) {
        if (!entry.type().equals("gha")) {
            return entry;
        }
        Map<String, String> attrs = new LinkedHashMap<>(entry.attrs());
        String version = attrs.get("version");
        if (version == null && isGoTrue(env.get("ACTIONS_CACHE_SERVICE_V2"))) {
            version = "2";
        }
        if (!attrs.containsKey("url_v2") && "2".equals(version) && env.containsKey("ACTIONS_RESULTS_URL")) {
            attrs.put("url_v2", env.get("ACTIONS_RESULTS_URL"));
        }
        if (!attrs.containsKey("url")) {
            if (env.containsKey("ACTIONS_CACHE_URL")) {
                attrs.put("url", env.get("ACTIONS_CACHE_URL"));
            } else if (env.containsKey("ACTIONS_RESULTS_URL")) {
                attrs.put("url", env.get("ACTIONS_RESULTS_URL"));
            }
        }
        if (!attrs.containsKey("url") && !attrs.containsKey("url_v2")) {
            throw new IllegalArgumentException("cache with type gha requires url parameter to be set: add url=… or run"
                    + " where $ACTIONS_CACHE_URL is set");
        }
        if (!attrs.containsKey("token")) {
            String token = env.get("ACTIONS_RUNTIME_TOKEN");
            if (token == null) {
                throw new IllegalArgumentException("cache with type gha requires token parameter or"
                        + " $ACTIONS_RUNTIME_TOKEN");
            }
            attrs.put("token", token);
        }
        return new CacheEntry(entry.type(), attrs);
    }

    /** Go's {@code strconv.ParseBool} succeeding with true. */
    private static boolean isGoTrue(String value) {
        return value != null && java.util.Set.of("1", "t", "T", "TRUE", "true", "True").contains(value);
    }
}
