package org.jbuildkit.dockerfile.convert;

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

    Words(ConversionContext ctx) {
        this.ctx = ctx;
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
            if (PROXY.contains(v) || env.containsKey(v)) {
                continue;
            }
            String message = "Usage of undefined variable '$" + v + "'";
            String suggestion = Suggest.closest(v, env.keySet());
            if (suggestion != null) {
                message += " (did you mean $" + suggestion + "?)";
            }
            ctx.checks.report(BuildChecks.Rule.UNDEFINED_VAR, message, n.range());
        }
    }
}
