package org.jbuildkit.dockerfile.convert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import org.jbuildkit.dockerfile.ImageMetaResolver;
import org.jbuildkit.dockerfile.ResolvedImage;
import org.jbuildkit.dockerfile.instructions.InstructionFlagException;
import org.jbuildkit.dockerfile.instructions.PlatformFlag;
import org.jbuildkit.dockerfile.instructions.RunMount;
import org.jbuildkit.dockerfile.parser.DockerfileParser;
import org.jbuildkit.dockerfile.parser.Node;
import org.jbuildkit.dockerfile.parser.ParsedDockerfile;
import org.jbuildkit.llb.ImageOptions;
import org.jbuildkit.llb.ImageReferences;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.OpConstraints;
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
                        : a.value() == null ? null : words.word(a.value(), argMap(metaArgs), n);
                metaArgs.add(new StageState.ArgValue(a.key(), v));
            }
        }
        ConversionContext ctx = new ConversionContext(options, escape, stages, metaArgs, buildContext, sourceMap,
                checks, errors, dockerfile);
        NamedContexts contexts = new NamedContexts(options, resolver, errors);
        Map<String, String> metaMap = ctx.metaArgMap();
        for (StageDefinition st : split.stages()) {
            addStage(st, ctx, contexts, metaMap);
        }
        StageState target = target(stages);
        List<StageState> registered = stages.all();
        for (StageState d : registered) {
            if (d.definition == null) {
                continue;
            }
            for (Node n : d.definition.commands()) {
                StageState.Command cmd = toCommand(n, ctx, metaMap);
                d.commands.add(cmd);
                addDeps(d, cmd, stages);
            }
        }
        checkCycles(stages.all());
        if (stages.size() == 1) {
            stages.all().get(0).displayName = "";
        }
        for (StageState d : stages.all()) {
            resolveBase(d, target.reaches(d), contexts);
        }
        InstructionDispatcher dispatcher = new InstructionDispatcher(ctx);
        Set<String> contextPaths = new LinkedHashSet<>();
        for (StageState d : stages.all()) {
            if (target.reaches(d) && !d.noInit) {
                dispatchStage(d, dispatcher, ctx, contextPaths, new HashSet<>());
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
        String name = words.word(st.baseName(), metaMap, st.from());
        if (name.isEmpty()) {
            throw errors.at(st.from(), "base name (" + st.baseName() + ") should not be blank: give FROM an image, "
                    + "a stage name or scratch (or a default to the ARG it uses)");
        }
        StageState ds = new StageState(st, name, false);
        ds.displayName = st.name();
        if (!st.platform().isEmpty()) {
            String p = words.word(st.platform(), metaMap, st.from());
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

    private StageState target(StageSet stages) throws DockerfileException {
        if (options.target().isEmpty()) {
            return stages.last();
        }
        return stages.byName(options.target()).orElseThrow(() -> errors.general("target stage \""
                + options.target() + "\" could not be found in the Dockerfile; its stages are: "
                + (stages.names().isEmpty() ? "(none named, add AS <name> to a FROM)"
                        : String.join(", ", stages.names()))));
    }

    private StageState.Command toCommand(Node n, ConversionContext ctx, Map<String, String> metaMap)
            throws DockerfileException {
        List<StageState> sources = new ArrayList<>();
        String instr = n.instruction().toLowerCase(Locale.ROOT);
        if (instr.equals("copy")) {
            String from = CopyInstruction.flags(n, false, ctx).from();
            if (!from.isEmpty()) {
                from = new Words(ctx).word(from, metaMap, n);
                sources.add(source(from, n, ctx.stages, true));
            }
        } else if (instr.equals("run")) {
            for (RunMount m : RunInstruction.flags(n, metaMap, ctx).mounts()) {
                String from = m.from().isEmpty() ? "scratch" : m.from();
                sources.add(source(from, n, ctx.stages, false));
            }
        }
        return new StageState.Command(n, sources);
    }

    private StageState source(String from, Node n, StageSet stages, boolean allowIndex) throws DockerfileException {
        if (allowIndex && from.matches("\\d+")) {
            int i = Integer.parseInt(from);
            return stages.byIndex(i).filter(s -> !s.unregistered).orElseThrow(() -> errors.at(n,
                    "invalid stage index " + i + " in --from: there are " + stages.all().stream()
                            .filter(s -> !s.unregistered).count() + " stages, numbered from 0"));
        }
        Optional<StageState> named = stages.byName(from);
        if (named.isPresent()) {
            return named.get();
        }
        StageDefinition origin = new StageDefinition(-1, "", from, "", allowIndex ? n : null, List.of());
        return new StageState(origin, from, true);
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

    private void resolveBase(StageState d, boolean reachable, NamedContexts contexts)
            throws DockerfileException, InterruptedException {
        if (d.base != null || d.noInit) {
            return;
        }
        Platform target = options.effectiveTargetPlatform();
        Node at = d.definition == null ? null : d.definition.from();
        if (d.baseName.equalsIgnoreCase("scratch")) {
            d.state = Llb.scratch();
            d.image = ImageConfig.empty(target);
            return;
        }
        String ref;
        try {
            ref = ImageReferences.normalize(d.baseName);
        } catch (RuntimeException e) {
            throw errors.at(at, "failed to parse stage name \"" + d.baseName + "\": " + e.getMessage());
        }
        Platform platform = d.platform != null ? d.platform : target;
        Optional<NamedContexts.Replacement> r = contexts.lookup(ref, platform, at);
        if (r.isPresent()) {
            d.image = r.get().image() != null ? r.get().image() : ImageConfig.empty(target);
            d.state = r.get().state().withPlatform(platform);
            d.platform = platform;
            return;
        }
        boolean scratch = false;
        String pinned = ref;
        d.image = ImageConfig.empty(target);
        if (reachable) {
            ResolvedImage img;
            try {
                img = resolver.resolve(ref, platform, options.resolveMode());
            } catch (ImageMetaResolver.DockerfileResolveException e) {
                String hint = Suggest.closest(d.baseName, stageNames());
                throw errors.at(at, d.baseName + ": " + e.getMessage()
                        + (hint != null ? " (did you mean " + hint + "?)" : ""), e);
            }
            try {
                d.image = ImageConfig.parse(img.config());
            } catch (IOException e) {
                throw errors.at(at, "failed to parse image config of " + ref + ": " + e.getMessage(), e);
            }
            if (d.platform == null && options.implicitTargetPlatform()) {
                platform = autoDetect(d.image, platform);
            }
            if (img.digest() != null && !img.digest().isEmpty() && !ref.contains("@")) {
                pinned = ref + "@" + img.digest();
            }
            scratch = d.image.hasNoLayers();
        }
        if (scratch) {
            d.state = Llb.scratch();
        } else {
            OpConstraints c = OpConstraints.none().withDescription(Map.of(ConversionContext.DF_CMD,
                    d.unregistered ? "" : d.definition.from().original()));
            if (at != null && at.range() != null) {
                c = c.withSourceLocation(sourceMap, List.of(ConversionContext.range(at.range())));
            }
            c = c.withCustomName(StepNames.prefix(d, "FROM " + pinned));
            d.state = Llb.image(pinned, ImageOptions.defaults().withPlatform(platform)
                    .withResolveMode(options.resolveMode()).withConstraints(c));
        }
        d.platform = platform;
    }

    private List<String> stageNames() {
        List<String> n = new ArrayList<>();
        for (StageDefinition s : split.stages()) {
            if (!s.name().isEmpty()) {
                n.add(s.name());
            }
        }
        return n;
    }

    private Platform autoDetect(ImageConfig img, Platform target) {
        if (img.os().equals(target.os()) && img.architecture().equals(target.architecture())) {
            return target;
        }
        Platform b = options.buildPlatform();
        if (img.os().equals(b.os()) && img.architecture().equals(b.architecture())) {
            return b;
        }
        return target;
    }

    private void dispatchStage(StageState d, InstructionDispatcher dispatcher, ConversionContext ctx,
            Set<String> contextPaths, Set<StageState> inProgress) throws DockerfileException {
        if (d.dispatched || d.noInit || !inProgress.add(d)) {
            return;
        }
        if (d.base != null) {
            dispatchStage(d.base, dispatcher, ctx, contextPaths, inProgress);
        }
        for (StageState dep : d.deps) {
            dispatchStage(dep, dispatcher, ctx, contextPaths, inProgress);
        }
        d.dispatched = true;
        if (d.base != null) {
            d.state = d.base.state;
            d.platform = d.base.platform;
            d.image = d.base.image.copy();
        }
        if (d.image == null) {
            d.image = ImageConfig.empty(options.effectiveTargetPlatform());
        }
        if (d.image.env().stream().noneMatch(e -> e.startsWith("PATH="))) {
            d.image.addEnv("PATH", ImageConfig.DEFAULT_PATH);
        }
        for (String kv : d.image.env()) {
            String[] p = kv.split("=", 2);
            d.state = d.state.withEnv(p[0], p.length > 1 ? p[1] : "");
        }
        if (!options.hostname().isEmpty()) {
            d.state = d.state.withHostname(options.hostname());
        }
        Node from = d.definition == null ? null : d.definition.from();
        if (!d.image.workingDir().isEmpty()) {
            dispatcher.workdir().dispatch(d, d.image.workingDir(), null);
        }
        if (!d.image.user().isEmpty()) {
            d.state = d.state.withUser(d.image.user());
        }
        d.state = d.state.withNetwork(options.forceNetwork());
        for (String trigger : d.image.onBuild()) {
            Node n = parseTrigger(trigger, from);
            StageState.Command cmd = toCommand(n, ctx, ctx.metaArgMap());
            for (StageState src : cmd.sources()) {
                if (src.unregistered) {
                    throw errors.at(from, "ONBUILD " + trigger + " of the base image copies from \""
                            + src.baseName + "\", which is not a stage of this Dockerfile");
                }
                dispatchStage(src, dispatcher, ctx, contextPaths, inProgress);
            }
            dispatcher.dispatch(d, cmd);
        }
        d.image.clearOnBuild();
        for (StageState.Command cmd : d.commands) {
            dispatcher.dispatch(d, cmd);
        }
        contextPaths.addAll(d.contextPaths);
    }

    private Node parseTrigger(String trigger, Node from) throws DockerfileException {
        ParsedDockerfile p;
        try {
            p = DockerfileParser.parse(trigger.getBytes(StandardCharsets.UTF_8), "ONBUILD");
        } catch (DockerfileException e) {
            throw errors.at(from, "the base image's ONBUILD trigger \"" + trigger + "\" does not parse: "
                    + e.getMessage(), e);
        }
        if (p.nodes().size() != 1) {
            throw errors.at(from, "onbuild trigger should be a single expression: \"" + trigger + "\"");
        }
        Node t = p.nodes().get(0);
        return new Node(t.instruction(), t.keyword(), t.flags(), t.args(), t.json(), t.legacyKeyValue(),
                t.heredocs(), t.onbuildTrigger().orElse(null), t.original(), from == null ? null : from.range(),
                t.comments());
    }
}
