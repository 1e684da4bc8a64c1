package org.jbuildkit.dockerfile.convert;

import org.jbuildkit.dockerfile.Suggestions;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.parser.Node;
import org.jbuildkit.dockerfile.shell.ShellLex;

/**
 * Expands an instruction's words against its stage's environment (upstream's {@code Expand(expander)}), turning a
 * malformed word into an error at the instruction and reporting variables that are not set (UndefinedVar).
 */
final class Words {

    private final ConversionContext ctx;
    private final Set<String> declared;

    Words(ConversionContext ctx) {
        this(ctx, Set.of());
    }

    private Words(ConversionContext ctx, Set<String> declared) {
        this.ctx = ctx;
        this.declared = declared;
    }

    /** For a stage's instructions: its declared ARGs count as defined even without a value. */
    static Words forStage(ConversionContext ctx, StageState d) {
        Set<String> keys = new java.util.HashSet<>();
        d.buildArgs.forEach(a -> keys.add(a.key()));
        return new Words(ctx, keys);
    }

    String word(String w, Map<String, String> env, Node n) throws DockerfileException {
        try {
            ShellLex.Expansion e = ctx.lex.processWord(w, env);
            undefined(e.unmatched(), env, n);
            return e.result();
        } catch (ShellLex.ShellSyntaxException e) {
            throw ctx.errors.at(n, e.getMessage() + " in \"" + w + "\"", e);
        }
    }

    /** The expansion with the names it matched, without reporting anything. */
    ShellLex.Expansion expansion(String w, Map<String, String> env, Node n) throws DockerfileException {
        try {
            return ctx.lex.processWord(w, env);
        } catch (ShellLex.ShellSyntaxException e) {
            throw ctx.errors.at(n, e.getMessage() + " in \"" + w + "\"", e);
        }
    }

    List<String> words(String text, Map<String, String> env, Node n) throws DockerfileException {
        try {
            ShellLex.WordsExpansion e = ctx.lex.processWords(text, env);
            undefined(e.unmatched(), env, n);
            return e.words();
        } catch (ShellLex.ShellSyntaxException e) {
            throw ctx.errors.at(n, e.getMessage() + " in \"" + text + "\"", e);
        }
    }

    private static final Set<String> PROXY = Set.of("HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY",
            "ALL_PROXY", "http_proxy", "https_proxy", "ftp_proxy", "no_proxy", "all_proxy");

    private void undefined(List<String> unmatched, Map<String, String> env, Node n) {
        for (String v : unmatched) {
            if (PROXY.contains(v) || env.containsKey(v) || declared.contains(v)) {
                continue;
            }
            String message = "Usage of undefined variable '$" + v + "'";
            String suggestion = Suggestions.closestIgnoringCase(v, env.keySet()).orElse(null);
            if (suggestion != null) {
                message += " (did you mean $" + suggestion + "?)";
            }
            ctx.checks.report(BuildChecks.Rule.UNDEFINED_VAR, message, n.range());
        }
    }
}
