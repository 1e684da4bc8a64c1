package org.jbuildkit.dockerfile.convert;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.parser.DockerfileParser;
import org.jbuildkit.dockerfile.parser.Node;
import org.jbuildkit.dockerfile.parser.ParsedDockerfile;

/**
 * Converts one stage the target needs, after its base and the stages it copies from (upstream's per-stage loop in
 * {@code toDispatchState}): the base config becomes env, dir and user, the base's ONBUILD triggers run, then each
 * instruction is dispatched.
 */
final class StageDispatch {

    private final FrontendOptions options;
    private final ErrorFactory errors;
    private final InstructionDispatcher dispatcher;
    private final ConversionContext ctx;
    private final Commands commands;

    StageDispatch(FrontendOptions options, ErrorFactory errors, ConversionContext ctx) {
        this.options = options;
        this.errors = errors;
        this.ctx = ctx;
        this.dispatcher = new InstructionDispatcher(ctx);
        this.commands = new Commands(ctx);
    }

    void dispatchStage(StageState d, Set<String> contextPaths, Set<StageState> inProgress)
            throws DockerfileException {
        if (d.dispatched || d.noInit || !inProgress.add(d)) {
            return;
        }
        if (d.base != null) {
            dispatchStage(d.base, contextPaths, inProgress);
        }
        for (StageState dep : d.deps) {
            dispatchStage(dep, contextPaths, inProgress);
        }
        d.dispatched = true;
        if (d.base != null) {
            d.state = d.base.state;
            d.platform = d.base.platform;
            d.image = d.base.image.copy();
            d.workdirSet = d.base.workdirSet;
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
            StageState.Command cmd = commands.toCommand(n, ctx.metaArgMap());
            for (StageState src : cmd.sources()) {
                if (src.unregistered) {
                    throw errors.at(from, "ONBUILD " + trigger + " of the base image copies from \""
                            + src.baseName + "\", which is not a stage of this Dockerfile");
                }
                dispatchStage(src, contextPaths, inProgress);
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
