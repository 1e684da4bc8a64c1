package org.jbuildkit.daemon.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;

/**
 * Reads one {@code buildkitd.toml} into a {@link BuildkitdConfig}, taking absent keys from the
 * defaults. Worker and registry sections have their own readers.
 */
final class ConfigFileParser {

    private final ConfigReadContext ctx;
    private final BuildkitdConfig defaults;

    private ConfigFileParser(ConfigReadContext ctx, BuildkitdConfig defaults) {
        this.ctx = ctx;
        this.defaults = defaults;
    }

    /** The file's values over {@code defaults}, with warnings and the position of every value. */
    record Result(BuildkitdConfig config, List<ConfigWarning> warnings, Map<String, ValueSource> sources) {
    }

    static Result parse(Path file, BuildkitdConfig defaults) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e,
                    "make " + file + " a readable TOML file, or point --config at one");
        }
        return parse(file, text, defaults);
    }

    static Result parse(Path file, String text, BuildkitdConfig defaults) {
        TomlParseResult toml = Toml.parse(text);
        if (toml.hasErrors()) {
            TomlParseError first = toml.errors().get(0);
            TomlPosition at = first.position();
            int more = toml.errors().size() - 1;
            throw new ConfigException(file + ":" + at.line() + ":" + at.column() + ": invalid TOML: "
                    + first.getMessage() + (more > 0 ? " (and " + more + " more error" + (more > 1 ? "s" : "") + ")" : ""),
                    "fix the syntax there: strings need double quotes, sections look like [name] or [registry.\"host:port\"], "
                            + "each setting is key = value on its own line");
        }
        ConfigReadContext ctx = new ConfigReadContext(file);
        TomlSection top = TomlSection.root(ctx, toml);
        BuildkitdConfig config = new ConfigFileParser(ctx, defaults).read(top);
        top.finish();
        return new Result(config, List.copyOf(ctx.warnings()), new LinkedHashMap<>(ctx.sources()));
    }

    private BuildkitdConfig read(TomlSection top) {
        Path root = top.string("root").filter(s -> !s.isEmpty()).map(Path::of).orElse(defaults.root());
        boolean debug = top.bool("debug").orElse(false);
        if (debug) {
            top.warn("debug", "'debug' is deprecated, use [log] level = \"debug\" instead");
        }
        boolean trace = top.bool("trace").orElse(false);
        if (trace) {
            top.warn("trace", "'trace' is deprecated, use [log] level = \"trace\" instead");
        }
        List<String> entitlements = top.strings("insecure-entitlements").orElse(defaults.insecureEntitlements());
        for (String entitlement : entitlements) {
            if (!ConfigDefaults.ENTITLEMENTS.contains(entitlement)) {
                top.warn("insecure-entitlements", "unknown entitlement \"" + entitlement + "\" in insecure-entitlements; "
                        + "builds can never be granted it"
                        + KeySuggestions.closest(entitlement, ConfigDefaults.ENTITLEMENTS).map(k -> "; did you mean " + k + "?")
                                .orElse(" (known: " + String.join(", ", ConfigDefaults.ENTITLEMENTS) + ")"));
            }
        }
        boolean proxyNetwork = top.bool("proxyNetwork").orElse(defaults.proxyNetwork());
        Path provenanceEnvDir = top.string("provenanceEnvDir").filter(s -> !s.isEmpty()).map(Path::of)
                .orElse(defaults.provenanceEnvDir());
        LogConfig log = readLog(top, top.section("log"), debug, trace);
        DnsConfig dns = readDns(top.section("dns"));
        GrpcConfig grpc = readGrpc(top.section("grpc"));
        OtelConfig otel = new OtelConfig(top.section("otel").string("socketPath").filter(s -> !s.isEmpty())
                .map(Path::of).orElse(defaults.otel().socketPath()));
        CdiConfig cdi = readCdi(top.section("cdi"));
        HistoryConfig history = readHistory(top.section("history"));
        WorkersConfig workers = new WorkerSectionParser(defaults.workers()).read(top.section("worker"));
        Map<String, RegistryConfig> registries = RegistrySectionParser.read(top);
        FrontendsConfig frontends = readFrontends(top.section("frontend"));
        SystemConfig system = readSystem(top.section("system"));
        GhaCacheConfig gha = readGhaCache(top.section("cache").section("gha"), top.section("ghacache"));
        return new BuildkitdConfig(root, debug, trace, entitlements, proxyNetwork, provenanceEnvDir, log, dns, grpc, otel,
                cdi, history, workers, registries, frontends, system, gha);
    }

    /** Upstream order: deprecated debug, then trace, then an explicit level wins. */
    private LogConfig readLog(TomlSection top, TomlSection s, boolean debug, boolean trace) {
        LogConfig.Format format = s.string("format").filter(f -> !f.isEmpty()).map(f -> LogConfig.Format.parse(f)
                .orElseThrow(() -> s.invalid("format", "expected \"text\" or \"json\", found " + TomlText.quote(f),
                        "write format = \"text\" or format = \"json\"")))
                .orElse(defaults.log().format());
        Optional<LogConfig.Level> level = s.string("level").filter(l -> !l.isEmpty()).map(l -> LogConfig.Level.parse(l)
                .orElseThrow(() -> s.invalid("level", "expected one of error, warn, info, debug, trace, found "
                        + TomlText.quote(l), "write level = \"info\" (or error, warn, debug, trace)")));
        if (level.isPresent()) {
            return new LogConfig(format, level.get());
        }
        if (trace) {
            ctx.recordSameAs("log.level", "trace");
            return new LogConfig(format, LogConfig.Level.TRACE);
        }
        if (debug) {
            ctx.recordSameAs("log.level", "debug");
            return new LogConfig(format, LogConfig.Level.DEBUG);
        }
        return new LogConfig(format, defaults.log().level());
    }

    private DnsConfig readDns(TomlSection s) {
        return new DnsConfig(
                s.strings("nameservers").orElse(List.of()),
                s.strings("options").orElse(List.of()),
                s.strings("searchDomains").orElse(List.of()));
    }

    private GrpcConfig readGrpc(TomlSection s) {
        GrpcConfig d = defaults.grpc();
        List<String> addresses = s.strings("address").filter(a -> !a.isEmpty()).orElse(d.addresses());
        for (String address : addresses) {
            GrpcAddresses.problem(address).ifPresent(p -> {
                throw s.invalid("address", p, GrpcAddresses.FIX);
            });
        }
        TomlSection tls = s.section("tls");
        GrpcTlsConfig tlsConfig = new GrpcTlsConfig(
                tls.string("cert").orElse(d.tls().cert()),
                tls.string("key").orElse(d.tls().key()),
                tls.string("ca").orElse(d.tls().ca()));
        return new GrpcConfig(addresses,
                s.string("debugAddress").orElse(d.debugAddress()),
                s.count("uid").orElse(d.uid()),
                s.count("gid").orElse(d.gid()),
                s.string("securityDescriptor").orElse(d.securityDescriptor()),
                tlsConfig);
    }

    private CdiConfig readCdi(TomlSection s) {
        CdiConfig d = defaults.cdi();
        return new CdiConfig(
                s.bool("disabled").orElse(d.disabled()),
                s.strings("specDirs").filter(l -> !l.isEmpty()).map(l -> l.stream().map(Path::of).toList())
                        .orElse(d.specDirs()),
                s.strings("autoAllowed").orElse(d.autoAllowed()));
    }

    private HistoryConfig readHistory(TomlSection s) {
        HistoryConfig d = defaults.history();
        Duration maxAge = s.duration("maxAge").orElse(d.maxAge());
        long maxEntries = s.integer("maxEntries").orElse(d.maxEntries());
        if (maxEntries < 0) {
            throw s.invalid("maxEntries", "expected 0 or more, found " + maxEntries, "write maxEntries = 50");
        }
        return new HistoryConfig(maxAge, maxEntries);
    }

    private FrontendsConfig readFrontends(TomlSection s) {
        FrontendsConfig d = defaults.frontends();
        TomlSection dockerfile = s.section("dockerfile.v0");
        TomlSection gateway = s.section("gateway.v0");
        return new FrontendsConfig(
                new DockerfileFrontendConfig(dockerfile.bool("enabled").orElse(d.dockerfile().enabled())),
                new GatewayFrontendConfig(gateway.bool("enabled").orElse(d.gateway().enabled()),
                        gateway.strings("allowedRepositories").orElse(d.gateway().allowedRepositories())));
    }

    private SystemConfig readSystem(TomlSection s) {
        SystemConfig d = defaults.system();
        Duration maxAge = s.duration("platformsCacheMaxAge").orElse(d.platformsCacheMaxAge());
        Optional<Long> concurrency = s.integer("maxRegistryConcurrency");
        if (concurrency.isPresent() && (concurrency.get() <= 0 || concurrency.get() > Integer.MAX_VALUE)) {
            throw s.invalid("maxRegistryConcurrency", "must be greater than zero, found " + concurrency.get(),
                    "write maxRegistryConcurrency = 4, or remove it for the default (4)");
        }
        return new SystemConfig(maxAge, concurrency.map(Long::intValue).orElse(d.maxRegistryConcurrency()));
    }

    /**
     * Upstream reads {@code [cache.gha]}; its docs spell the section {@code [ghacache]} (with
     * {@code sign.cmd}). Both are read; the docs' spelling is applied with a warning.
     */
    private GhaCacheConfig readGhaCache(TomlSection cacheGha, TomlSection docsSpelling) {
        GhaCacheConfig fromCode = readGha(cacheGha, false);
        GhaCacheConfig fromDocs = readGha(docsSpelling, true);
        if (!docsSpelling.isPresent()) {
            return fromCode;
        }
        if (cacheGha.isPresent()) {
            ctx.warn(docsSpelling.position(), "ghacache", "[ghacache] ignored: [cache.gha] is set too, and is the "
                    + "section upstream buildkitd reads");
            return fromCode;
        }
        ctx.warn(docsSpelling.position(), "ghacache", "[ghacache] is how upstream's docs spell it, but upstream "
                + "buildkitd reads [cache.gha] (and ignores [ghacache]); applied here as [cache.gha]");
        for (String key : List.copyOf(ctx.sources().keySet())) {
            if (key.startsWith("ghacache.")) {
                String renamed = "cache.gha." + key.substring("ghacache.".length());
                ctx.recordSameAs(renamed.replace("sign.cmd", "sign.command"), key);
            }
        }
        return fromDocs;
    }

    private GhaCacheConfig readGha(TomlSection s, boolean docsSpelling) {
        GhaCacheConfig d = defaults.ghaCache();
        TomlSection sign = s.section("sign");
        List<String> command = sign.strings("command").orElse(d.signCommand());
        if (docsSpelling) {
            Optional<String> cmd = sign.string("cmd");
            if (cmd.isPresent()) {
                command = cmd.get().isEmpty() ? List.of() : List.of(cmd.get());
            }
        }
        TomlSection verify = s.section("verify");
        boolean required = verify.bool("required").orElse(d.verifyRequired());
        TomlSection policy = verify.section("policy");
        long timestampThreshold = policy.count("timestampThreshold").map(Integer::longValue).orElse(d.timestampThreshold());
        long tlogThreshold = policy.count("tlogThreshold").map(Integer::longValue).orElse(d.tlogThreshold());
        Map<String, String> certificate = new LinkedHashMap<>();
        for (String property : GhaCacheConfig.CERTIFICATE_PROPERTIES) {
            policy.string(property).filter(v -> !v.isEmpty()).ifPresent(v -> certificate.put(property, v));
        }
        return new GhaCacheConfig(command, required, timestampThreshold, tlogThreshold, certificate);
    }
}
