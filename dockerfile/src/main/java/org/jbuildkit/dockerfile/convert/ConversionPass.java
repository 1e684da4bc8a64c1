package org.jbuildkit.dockerfile.convert;

import org.jbuildkit.dockerfile.Suggestions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.instructions.InstructionFlagException;
import org.jbuildkit.dockerfile.instructions.PlatformFlag;
import org.jbuildkit.dockerfile.parser.Node;
import org.jbuildkit.dockerfile.parser.ParsedDockerfile;
import org.jbuildkit.dockerfile.shell.ShellLex;
import org.jbuildkit.llb.Platform;
import org.jbuildkit.llb.SourceMap;
import org.jbuildkit.llb.State;

/**
 * One conversion of the stages with a given build context state (upstream's {@code toDispatchState}): global args,
 * stage states and their dependencies, the target, base images, then every stage the target needs, dispatched.
 */
final class ConversionPass {

    /** The target stage after dispatch and the context paths its graph reads. */
    record Result(StageState target, Set<String> contextPaths) {
    }

    private final FrontendOptions options;
    private final ParsedDockerfile parsed;
    private final StageSplitter.Split split;
    private final BaseImageResolver resolver;
    private final BuildChecks checks;
    private final ErrorFactory errors;
    private final SourceMap sourceMap;
    private final State buildContext;
    private final byte[] dockerfile;

    ConversionPass(FrontendOptions options, ParsedDockerfile parsed, StageSplitter.Split split,
            BaseImageResolver resolver, BuildChecks checks, ErrorFactory errors, SourceMap sourceMap,
            State buildContext, byte[] dockerfile) {
        this.options = options;
        this.parsed = parsed;
        this.split = split;
        this.resolver = resolver;
        this.checks = checks;
        this.errors = errors;
        this.sourceMap = sourceMap;
        this.buildContext = buildContext;
        this.dockerfile = dockerfile;
    }

    Result run() throws DockerfileException, InterruptedException {
        char escape = parsed.directives().escape();
        List<StageState.ArgValue> metaArgs = platformArgs();
        StageSet stages = new StageSet();
        ConversionContext pre = new ConversionContext(options, escape, stages, metaArgs, buildContext, sourceMap,
                checks, errors, dockerfile);
        Words words = new Words(pre);
        for (Node n : split.metaArgs()) {
            for (StageState.ArgValue a : ArgInstruction.declared(n)) {
                String v = options.buildArgs().containsKey(a.key()) ? options.buildArgs().get(a.key())
                        : a.value() == null ? null : words.expansion(a.value(), argMap(metaArgs), n).result();
                metaArgs.add(new StageState.ArgValue(a.key(), v));
            }
        }
        ConversionContext ctx = new ConversionContext(options, escape, stages, metaArgs, buildContext, sourceMap,
                checks, errors, dockerfile);
        defaultArgChecks(words);
        StaticChecks.run(split, checks);
        NamedContexts contexts = new NamedContexts(options, resolver, errors);
        Map<String, String> metaMap = ctx.metaArgMap();
        for (StageDefinition st : split.stages()) {
            addStage(st, ctx, contexts, metaMap);
        }
        StageState target = target(stages);
        Commands commands = new Commands(ctx);
        List<StageState> registered = stages.all();
        for (StageState d : registered) {
            if (d.definition == null) {
                continue;
            }
            for (Node n : d.definition.commands()) {
                StageState.Command cmd = commands.toCommand(n, metaMap);
                d.commands.add(cmd);
                addDeps(d, cmd, stages);
            }
        }
        checkCycles(stages.all());
        if (stages.size() == 1) {
            stages.all().get(0).displayName = "";
        }
        BaseImages bases = new BaseImages(options, resolver, checks, errors, sourceMap, split);
        for (StageState d : stages.all()) {
            bases.resolveBase(d, target.reaches(d), contexts);
        }
        StageDispatch dispatch = new StageDispatch(options, errors, ctx);
        Set<String> contextPaths = new LinkedHashSet<>();
        for (StageState d : stages.all()) {
            if (target.reaches(d) && !d.noInit) {
                dispatch.dispatchStage(d, contextPaths, new HashSet<>());
            }
        }
        options.labels().forEach(target.image::putLabel);
        if (!options.implicitTargetPlatform()) {
            target.image.setPlatform(options.effectiveTargetPlatform());
        }
        return new Result(target, contextPaths);
    }

    private List<StageState.ArgValue> platformArgs() {
        Platform b = options.buildPlatform();
        Platform t = options.effectiveTargetPlatform();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("BUILDPLATFORM", b.toString());
        m.put("BUILDOS", b.os());
        m.put("BUILDARCH", b.architecture());
        m.put("BUILDVARIANT", b.variant());
        m.put("TARGETPLATFORM", t.toString());
        m.put("TARGETOS", t.os());
        m.put("TARGETARCH", t.architecture());
        m.put("TARGETVARIANT", t.variant());
        List<StageState.ArgValue> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(new StageState.ArgValue(k, options.buildArgs().getOrDefault(k, v))));
        return out;
    }

    private static Map<String, String> argMap(List<StageState.ArgValue> args) {
        Map<String, String> m = new LinkedHashMap<>();
        args.forEach(a -> m.put(a.key(), a.valueString()));
        return m;
    }

    private void addStage(StageDefinition st, ConversionContext ctx, NamedContexts contexts,
            Map<String, String> metaMap) throws DockerfileException, InterruptedException {
        Words words = new Words(ctx);
        ShellLex.Expansion base = words.expansion(st.baseName(), metaMap, st.from());
        for (String arg : base.unmatched()) {
            String hint = Suggestions.closestIgnoringCase(arg, metaMap.keySet()).orElse(null);
            checks.report(BuildChecks.Rule.UNDEFINED_ARG_IN_FROM, "FROM argument '" + arg + "' is not declared"
                    + (hint != null ? " (did you mean " + hint + "?)" : ""), st.from().range());
        }
        String name = base.result();
        if (name.isEmpty()) {
            throw errors.at(st.from(), "base name (" + st.baseName() + ") should not be blank: give FROM an image, "
                    + "a stage name or scratch (or a default to the ARG it uses)");
        }
        StageState ds = new StageState(st, name, false);
        ds.displayName = st.name();
        if (!st.platform().isEmpty()) {
            ShellLex.Expansion pe = words.expansion(st.platform(), metaMap, st.from());
            String p = pe.result();
            platformChecks(st, pe, metaMap);
            try {
                ds.platform = PlatformFlag.parse(st.platform(), p, options.buildPlatform());
            } catch (InstructionFlagException e) {
                throw errors.at(st.from(), e.getMessage(), e);
            }
        }
        if (!st.name().isEmpty()) {
            Platform p = ds.platform != null ? ds.platform : options.effectiveTargetPlatform();
            Optional<NamedContexts.Replacement> r = contexts.lookup(st.name(), p, st.from());
            if (r.isPresent()) {
                ds.noInit = true;
                ds.state = r.get().state();
                ds.image = r.get().image() != null ? r.get().image()
                        : ImageConfig.empty(options.effectiveTargetPlatform());
                ctx.stages.add(ds);
                return;
            }
        }
        if (st.name().isEmpty()) {
            ds.displayName = "stage-" + st.index();
        }
        ctx.stages.add(ds);
        int total = !ds.baseName.equalsIgnoreCase("scratch") && ds.base == null ? 1 : 0;
        for (Node n : st.commands()) {
            switch (n.instruction().toLowerCase(Locale.ROOT)) {
                case "add", "copy", "run", "workdir" -> total++;
                default -> {
                }
            }
        }
        ds.cmdTotal = total;
        if (options.ignoreCache() != null) {
            if (options.ignoreCache().isEmpty()) {
                ds.ignoreCache = true;
            } else if (!st.name().isEmpty()) {
                ds.ignoreCache = options.ignoreCache().stream().anyMatch(x -> x.equalsIgnoreCase(st.name()));
            }
        }
    }

    /** InvalidDefaultArgInFrom: each FROM with the global ARGs' defaults only, as if no build-arg were given. */
    private void defaultArgChecks(Words words) throws DockerfileException {
        Map<String, String> defaults = new LinkedHashMap<>();
        platformArgs().forEach(a -> defaults.put(a.key(), a.valueString()));
        for (Node n : split.metaArgs()) {
            for (StageState.ArgValue a : ArgInstruction.declared(n)) {
                defaults.put(a.key(), a.value() == null ? "" : words.expansion(a.value(), defaults, n).result());
            }
        }
        for (StageDefinition st : split.stages()) {
            String name = words.expansion(st.baseName(), defaults, st.from()).result();
            if (!validReference(name)) {
                checks.report(BuildChecks.Rule.INVALID_DEFAULT_ARG_IN_FROM, "Default value for ARG "
                        + st.baseName() + " results in empty or invalid base image name", st.from().range());
            }
        }
    }

    /** Roughly Docker's {@code ParseNormalizedNamed}: non-empty, lowercase repository, legal characters. */
    static boolean validReference(String ref) {
        return ref.matches("^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
                + "(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\\w][\\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$");
    }

    private void platformChecks(StageDefinition st, ShellLex.Expansion pe, Map<String, String> metaMap) {
        if (pe.matched().isEmpty() && pe.unmatched().isEmpty()) {
            try {
                Platform p = PlatformFlag.parse(pe.result(), options.buildPlatform());
                if (!st.name().contains(p.os()) && !st.name().contains(p.architecture())) {
                    checks.report(BuildChecks.Rule.FROM_PLATFORM_FLAG_CONST_DISALLOWED, "FROM --platform flag "
                            + "should not use constant value \"" + pe.result() + "\"", st.from().range());
                }
            } catch (InstructionFlagException e) {
                return;
            }
        } else if (pe.matched().size() == 1 && pe.unmatched().isEmpty() && pe.matched().contains("TARGETPLATFORM")
                && pe.result().equals(metaMap.get("TARGETPLATFORM"))) {
            checks.report(BuildChecks.Rule.REDUNDANT_TARGET_PLATFORM, "Setting platform to predefined "
                    + st.platform() + " in FROM is redundant as this is the default behavior", st.from().range());
        }
    }

    private StageState target(StageSet stages) throws DockerfileException {
        if (options.target().isEmpty()) {
            return stages.last();
        }
        return stages.byName(options.target()).orElseThrow(() -> errors.general("target stage \""
                + options.target() + "\" could not be found in the Dockerfile; its stages are: "
                + (stages.names().isEmpty() ? "(none named, add AS <name> to a FROM)"
                        : String.join(", ", stages.names()))));
    }

    private static void addDeps(StageState d, StageState.Command cmd, StageSet stages) {
        for (StageState src : cmd.sources()) {
            d.deps.add(src);
            if (src.unregistered && !stages.all().contains(src)) {
                stages.add(src);
            }
        }
    }

    private void checkCycles(List<StageState> states) throws DockerfileException {
        Set<StageState> visited = new HashSet<>();
        for (StageState s : states) {
            if (cycle(s, visited, new HashSet<>())) {
                throw errors.at(s.definition == null ? null : s.definition.from(),
                        "circular dependency detected on stage: " + s.displayName
                                + " (a stage copies from itself, directly or through others)");
            }
        }
    }

    private static boolean cycle(StageState s, Set<StageState> visited, Set<StageState> path) {
        if (!visited.add(s)) {
            return false;
        }
        path.add(s);
        for (StageState d : s.deps) {
            if (path.contains(d) || cycle(d, visited, path)) {
                return true;
            }
        }
        path.remove(s);
        return false;
    }

}
