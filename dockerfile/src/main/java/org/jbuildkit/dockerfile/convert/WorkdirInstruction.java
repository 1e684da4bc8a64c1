package org.jbuildkit.dockerfile.convert;

import java.util.Map;
import org.jbuildkit.api.GoPath;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.instructions.ChownSpec;
import org.jbuildkit.dockerfile.parser.Node;
import org.jbuildkit.llb.FileActions;

/** {@code WORKDIR}: sets the directory and, as upstream, creates it (with parents, owned by the USER) in a file op. */
final class WorkdirInstruction {

    private final ConversionContext ctx;

    WorkdirInstruction(ConversionContext ctx) {
        this.ctx = ctx;
    }

    /** {@code node} null for the base image's WorkingDir, which only sets state. */
    void dispatch(StageState d, String path, Node node) throws DockerfileException {
        d.state = d.state.withDir(path);
        String wd = path.startsWith("/") ? path : GoPath.clean("/" + d.image.workingDir() + "/" + path);
        if (!path.startsWith("/") && node != null && d.image.workingDir().isEmpty()) {
            ctx.checks.report(BuildChecks.Rule.WORKDIR_RELATIVE_PATH,
                    "Relative workdir \"" + path + "\" can have unexpected results if the base image changes",
                    node.range());
        }
        d.image.setWorkingDir(wd);
        if (node == null) {
            return;
        }
        boolean layer = false;
        if (!wd.equals("/")) {
            String user = d.image.user();
            Map<String, String> env = ConversionContext.env(d.state);
            String shown;
            try {
                shown = ctx.lex.processWord(node.original(), env).result();
            } catch (Exception e) {
                shown = node.original();
            }
            d.state = d.state.file(FileActions.mkdir(wd, 0755, true, user.isEmpty() ? null
                    : ChownSpec.parse(user).toChown(), null),
                    ctx.constraints(d, node).withCustomName(StepNames.prefix(d, StepNames.uppercaseKeyword(shown))));
            layer = true;
        }
        d.image.commitToHistory("WORKDIR " + wd, layer);
    }
}
