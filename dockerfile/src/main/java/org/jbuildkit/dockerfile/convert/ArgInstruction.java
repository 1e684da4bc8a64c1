package org.jbuildkit.dockerfile.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.parser.Node;

/**
 * {@code ARG} inside a stage (upstream's {@code dispatchArg}): the value comes from {@code build-arg:K}, else the
 * default written, else a global ARG or predefined platform arg of the same name; a value becomes env of later RUNs.
 * The history line shows the value used, as newer upstream does (v0.11 showed the default as written).
 */
final class ArgInstruction {

    /** Build args that configure the build itself and never become env (upstream's {@code nonEnvArgs}). */
    static final java.util.Set<String> NON_ENV = java.util.Set.of("BUILDKIT_SBOM_SCAN_CONTEXT",
            "BUILDKIT_SBOM_SCAN_STAGE");

    private final ConversionContext ctx;

    ArgInstruction(ConversionContext ctx) {
        this.ctx = ctx;
    }

    /** {@code name} or {@code name=value} words of an ARG, value null when absent (quotes still in). */
    static List<StageState.ArgValue> declared(Node n) {
        List<StageState.ArgValue> out = new ArrayList<>();
        for (String w : n.args()) {
            int eq = w.indexOf('=');
            out.add(eq < 0 ? new StageState.ArgValue(w, null)
                    : new StageState.ArgValue(w.substring(0, eq), w.substring(eq + 1)));
        }
        return out;
    }

    void dispatch(StageState d, Node n) throws DockerfileException {
        Map<String, String> env = ConversionContext.env(d.state);
        Words words = Words.forStage(ctx, d);
        List<String> commit = new ArrayList<>();
        for (StageState.ArgValue raw : declared(n)) {
            String key = words.word(raw.key(), env, n);
            boolean hasValue = ctx.options.buildArgs().containsKey(key);
            String effective = null;
            if (hasValue) {
                effective = ctx.options.buildArgs().get(key);
            } else if (raw.value() != null) {
                effective = words.word(raw.value(), env, n);
            } else {
                for (StageState.ArgValue meta : ctx.metaArgs) {
                    if (meta.key().equals(key)) {
                        effective = meta.value();
                    }
                }
            }
            if (effective != null && !NON_ENV.contains(key)) {
                d.state = d.state.withEnv(key, effective);
            }
            d.buildArgs.add(new StageState.ArgValue(key, effective));
            commit.add(effective == null ? key : key + "=" + effective);
        }
        d.image.commitToHistory("ARG " + String.join(" ", commit), false);
    }
}
