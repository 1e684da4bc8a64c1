package org.jbuildkit.dockerfile.convert;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.parser.Node;

/**
 * The instructions that only change the image config (and the env or user later steps see): ENV, LABEL, CMD,
 * ENTRYPOINT, SHELL, EXPOSE, VOLUME, USER, STOPSIGNAL, HEALTHCHECK, MAINTAINER, ONBUILD. Each adds the history
 * entry upstream adds.
 */
final class ImageConfigInstructions {

    private final ConversionContext ctx;
    private final Words words;

    ImageConfigInstructions(ConversionContext ctx) {
        this.ctx = ctx;
        this.words = new Words(ctx);
    }

    void env(StageState d, Node n) throws DockerfileException {
        legacy(n, "ENV");
        Map<String, String> env = ConversionContext.env(d.state);
        List<String[]> pairs = pairs(n, env);
        StringBuilder msg = new StringBuilder("ENV");
        for (String[] kv : pairs) {
            msg.append(' ').append(kv[0]).append('=').append(kv[1]);
            d.state = d.state.withEnv(kv[0], kv[1]);
            d.image.addEnv(kv[0], kv[1]);
        }
        d.image.commitToHistory(msg.toString(), false);
    }

    void label(StageState d, Node n) throws DockerfileException {
        legacy(n, "LABEL");
        List<String[]> pairs = pairs(n, ConversionContext.env(d.state));
        StringBuilder msg = new StringBuilder("LABEL");
        for (String[] kv : pairs) {
            d.image.putLabel(kv[0], kv[1]);
            msg.append(' ').append(kv[0]).append('=').append(kv[1]);
        }
        d.image.commitToHistory(msg.toString(), false);
    }

    private List<String[]> pairs(Node n, Map<String, String> env) throws DockerfileException {
        List<String> a = n.args();
        if (a.size() % 2 != 0) {
            throw ctx.errors.at(n, n.keyword().toUpperCase(Locale.ROOT) + " needs key=value pairs");
        }
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i += 2) {
            out.add(new String[] {words.word(a.get(i), env, n), words.word(a.get(i + 1), env, n)});
        }
        return out;
    }

    private void legacy(Node n, String name) {
        if (n.legacyKeyValue()) {
            ctx.checks.report(BuildChecks.Rule.LEGACY_KEY_VALUE_FORMAT, "\"" + name + " key=value\" should be used "
                    + "instead of legacy \"" + name + " key value\" format", n.range());
        }
    }

    void cmd(StageState d, Node n) {
        List<String> args = command(d, n, "CMD");
        d.image.setCmd(args);
        d.image.setArgsEscaped();
        d.cmdSet = true;
        d.image.commitToHistory("CMD " + GoFormat.quoteList(args), false);
    }

    void entrypoint(StageState d, Node n) {
        List<String> args = command(d, n, "ENTRYPOINT");
        d.image.setEntrypoint(args);
        if (!d.cmdSet) {
            d.image.clearCmd();
        }
        d.image.commitToHistory("ENTRYPOINT " + GoFormat.quoteList(args), false);
    }

    private List<String> command(StageState d, Node n, String name) {
        if (n.json()) {
            return n.args();
        }
        ctx.checks.report(BuildChecks.Rule.JSON_ARGS_RECOMMENDED, "JSON arguments recommended for " + name
                + " to prevent unintended behavior related to OS signals", n.range());
        return RunInstruction.withShell(d.image, n.args());
    }

    void shell(StageState d, Node n) throws DockerfileException {
        if (!n.json()) {
            throw ctx.errors.at(n, "SHELL requires the arguments to be in JSON form, e.g. SHELL [\"/bin/bash\", \"-c\"]");
        }
        d.image.setShell(n.args());
        d.image.commitToHistory("SHELL " + GoFormat.list(n.args()), false);
    }

    void expose(StageState d, Node n) throws DockerfileException {
        Map<String, String> env = ConversionContext.env(d.state);
        Set<String> ports = new TreeSet<>();
        for (String raw : n.args()) {
            for (String p : words.words(raw, env, n)) {
                ports.addAll(PortSpecs.parse(p, n, ctx));
            }
        }
        StringBuilder msg = new StringBuilder("EXPOSE map[");
        boolean first = true;
        for (String p : ports) {
            d.image.addExposedPort(p);
            msg.append(first ? "" : " ").append(p).append(":{}");
            first = false;
        }
        d.image.commitToHistory(msg.append(']').toString(), false);
    }

    void volume(StageState d, Node n) throws DockerfileException {
        Map<String, String> env = ConversionContext.env(d.state);
        List<String> vols = new ArrayList<>();
        for (String v : n.args()) {
            String e = words.word(v, env, n);
            if (e.isEmpty()) {
                throw ctx.errors.at(n, "VOLUME specified can not be an empty string");
            }
            vols.add(e);
            d.image.addVolume(e);
        }
        d.image.commitToHistory("VOLUME " + GoFormat.list(vols), false);
    }

    void user(StageState d, Node n) throws DockerfileException {
        String u = words.word(single(n), ConversionContext.env(d.state), n);
        d.state = d.state.withUser(u);
        d.image.setUser(u);
        d.image.commitToHistory("USER " + u, false);
    }

    void stopSignal(StageState d, Node n) throws DockerfileException {
        String s = words.word(single(n), ConversionContext.env(d.state), n);
        if (!Signals.valid(s)) {
            throw ctx.errors.at(n, "invalid signal: " + s + " (use a name such as SIGTERM or a number)");
        }
        d.image.setStopSignal(s);
        d.image.commitToHistory("STOPSIGNAL " + s, false);
    }

    void maintainer(StageState d, Node n) {
        String m = single(n);
        ctx.checks.report(BuildChecks.Rule.MAINTAINER_DEPRECATED,
                "Maintainer instruction is deprecated in favor of using label", n.range());
        d.image.setAuthor(m);
        d.image.commitToHistory("MAINTAINER " + m, false);
    }

    void onbuild(StageState d, Node n) throws DockerfileException {
        Node trigger = n.onbuildTrigger().orElseThrow(() -> ctx.errors.at(n, "ONBUILD needs an instruction to "
                + "run in builds FROM this image, e.g. ONBUILD RUN make"));
        String expr = n.original().replaceFirst("(?i)^\\s*ONBUILD\\s*", "");
        if (expr.isEmpty()) {
            expr = trigger.original();
        }
        d.image.addOnBuild(expr);
    }

    void healthcheck(StageState d, Node n) throws DockerfileException {
        ObjectNode h = HealthcheckConfig.parse(n, ctx);
        d.image.setHealthcheck(h);
        d.image.commitToHistory("HEALTHCHECK " + HealthcheckConfig.historyString(h), false);
    }

    private static String single(Node n) {
        return n.args().isEmpty() ? "" : n.args().get(0);
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
