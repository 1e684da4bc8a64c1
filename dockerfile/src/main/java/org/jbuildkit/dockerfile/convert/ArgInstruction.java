package org.jbuildkit.dockerfile.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.parser.Node;

/**
 * {@code ARG} inside a stage (upstream's {@code dispatchArg}): the value comes from {@code build-arg:K}, else the
 * default written, else a global ARG or predefined platform arg of the same name; a value becomes env of later RUNs.
 */
final class ArgInstruction {

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
        Words words = new Words(ctx);
        List<String> commit = new ArrayList<>();
        for (StageState.ArgValue raw : declared(n)) {
            String key = words.word(raw.key(), env, n);
            String value = raw.value() == null ? null : words.word(raw.value(), env, n);
            commit.add(value == null ? key : key + "=" + value);
            String effective = ctx.options.buildArgs().containsKey(key) ? ctx.options.buildArgs().get(key) : value;
            if (effective == null) {
                for (StageState.ArgValue meta : ctx.metaArgs) {
                    if (meta.key().equals(key)) {
                        effective = meta.value();
                    }
                }
            }
            if (effective != null) {
                d.state = d.state.withEnv(key, effective);
            }
            d.buildArgs.add(new StageState.ArgValue(key, effective));
        }
        d.image.commitToHistory("ARG " + String.join(" ", commit), false);
    }
}
