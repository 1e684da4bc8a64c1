package org.jbuildkit.dockerfile.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.instructions.RunMount;
import org.jbuildkit.dockerfile.parser.Node;

/**
 * Turns an instruction into a {@link StageState.Command} with the stages it reads (upstream's {@code toCommand}):
 * {@code COPY --from} and RUN mounts' {@code from=} name a stage, a stage index or an image, which then becomes an
 * unregistered stage of its own.
 */
final class Commands {

    private final ConversionContext ctx;

    Commands(ConversionContext ctx) {
        this.ctx = ctx;
    }

    StageState.Command toCommand(Node n, Map<String, String> metaMap)
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
            return stages.byIndex(i).filter(s -> !s.unregistered).orElseThrow(() -> ctx.errors.at(n,
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

}
