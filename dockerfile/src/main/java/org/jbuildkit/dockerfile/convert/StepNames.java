package org.jbuildkit.dockerfile.convert;

import java.util.Locale;
import java.util.Map;
import org.jbuildkit.dockerfile.shell.ShellLex;

/**
 * Progress names of the ops, exactly as upstream: {@code [stage 2/3] RUN …} ({@code prefixCommand}) with the
 * instruction's text expanded for display ({@code processCmdEnv}) and its keyword uppercased.
 */
final class StepNames {

    private StepNames() {
    }

    /** Numbers the next step of {@code d}; a stage with no counted steps gets no prefix. */
    static String prefix(StageState d, String str) {
        if (d.cmdTotal == 0) {
            return str;
        }
        StringBuilder out = new StringBuilder("[");
        if (!d.displayName.isEmpty()) {
            out.append(d.displayName).append(' ');
        }
        d.cmdIndex++;
        int width = (int) (1 + Math.log10(d.cmdTotal));
        out.append(String.format("%" + width + "d/%d] ", d.cmdIndex, d.cmdTotal));
        return out + str;
    }

    /** The instruction as written with variables shown expanded and quotes kept, keyword uppercased. */
    static String display(String original, Map<String, String> env, char escape) {
        try {
            return uppercaseKeyword(new ShellLex(escape).withRawQuotes().withSkipUnsetEnv()
                    .processWord(original, env).result());
        } catch (ShellLex.ShellSyntaxException e) {
            return uppercaseKeyword(original);
        }
    }

    static String uppercaseKeyword(String s) {
        int sp = s.indexOf(' ');
        return sp < 0 ? s.toUpperCase(Locale.ROOT) : s.substring(0, sp).toUpperCase(Locale.ROOT) + s.substring(sp);
    }
}
