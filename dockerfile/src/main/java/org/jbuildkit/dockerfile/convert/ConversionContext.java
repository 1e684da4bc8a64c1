package org.jbuildkit.dockerfile.convert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jbuildkit.dockerfile.SourceRange;
import org.jbuildkit.dockerfile.parser.Node;
import org.jbuildkit.dockerfile.shell.ShellLex;
import org.jbuildkit.llb.OpConstraints;
import org.jbuildkit.llb.Run;
import org.jbuildkit.llb.SourceMap;
import org.jbuildkit.llb.State;

/**
 * What every instruction of one conversion shares (upstream's {@code dispatchOpt}): the options, the word lexer, the
 * stages, the global build args, the build context, the source map and the build checks.
 */
final class ConversionContext {

    static final String DF_CMD = "com.docker.dockerfile.v1.command";

    final FrontendOptions options;
    final ShellLex lex;
    final char escape;
    final StageSet stages;
    final List<StageState.ArgValue> metaArgs;
    final State buildContext;
    final SourceMap sourceMap;
    final BuildChecks checks;
    final ErrorFactory errors;
    final Run.ProxyEnv proxy;
    final byte[] dockerfile;

    ConversionContext(FrontendOptions options, char escape, StageSet stages, List<StageState.ArgValue> metaArgs,
            State buildContext, SourceMap sourceMap, BuildChecks checks, ErrorFactory errors, byte[] dockerfile) {
        this.options = options;
        this.escape = escape;
        this.lex = new ShellLex(escape);
        this.stages = stages;
        this.metaArgs = List.copyOf(metaArgs);
        this.buildContext = buildContext;
        this.sourceMap = sourceMap;
        this.checks = checks;
        this.errors = errors;
        this.proxy = proxyEnv(options.buildArgs());
        this.dockerfile = dockerfile;
    }

    /** The metadata every op made from {@code node} carries: its source location, and no-cache for its stage. */
    OpConstraints constraints(StageState d, Node node) {
        OpConstraints c = OpConstraints.none();
        if (node != null && node.range() != null) {
            c = c.withSourceLocation(sourceMap, List.of(range(node.range())));
        }
        if (d.ignoreCache) {
            c = c.withIgnoreCache();
        }
        return c;
    }

    static SourceMap.Range range(SourceRange r) {
        return new SourceMap.Range(r.startLine(), r.startColumn(), r.endLine(), r.endColumn());
    }

    Map<String, String> metaArgMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (StageState.ArgValue a : metaArgs) {
            m.put(a.key(), a.valueString());
        }
        return m;
    }

    /** The environment a stage's state gives its instructions, in order. */
    static Map<String, String> env(State s) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : s.env()) {
            String[] p = kv.split("=", 2);
            m.put(p[0], p.length > 1 ? p[1] : "");
        }
        return m;
    }

    private static Run.ProxyEnv proxyEnv(Map<String, String> args) {
        String http = null;
        String https = null;
        String ftp = null;
        String no = null;
        String all = null;
        boolean any = false;
        List<String> keys = new ArrayList<>(args.keySet());
        for (String k : keys) {
            String v = args.get(k);
            switch (k.toLowerCase(java.util.Locale.ROOT)) {
                case "http_proxy" -> {
                    http = v;
                    any = true;
                }
                case "https_proxy" -> {
                    https = v;
                    any = true;
                }
                case "ftp_proxy" -> {
                    ftp = v;
                    any = true;
                }
                case "no_proxy" -> {
                    no = v;
                    any = true;
                }
                case "all_proxy" -> {
                    all = v;
                    any = true;
                }
                default -> {
                }
            }
        }
        return any ? new Run.ProxyEnv(http, https, ftp, no, all) : null;
    }
}
