package org.jbuildkit.llb;

import java.util.ArrayList;
import java.util.List;
import org.jbuildkit.api.pb.FileAction;
import org.jbuildkit.api.pb.Input;
import org.jbuildkit.api.pb.Mount;
import org.jbuildkit.api.pb.Op;

/** Renders a definition as the Graphviz graph of upstream's {@code buildctl debug dump-llb --dot}. */
public final class DotRenderer {

    private DotRenderer() {
    }

    public static String render(LlbDefinition def) {
        StringBuilder sb = new StringBuilder("digraph {\n");
        for (LlbVertex v : def.vertices()) {
            String[] attr = labelAndShape(v);
            sb.append("  ").append(GoJson.goQuote(v.digest())).append(" [label=").append(GoJson.goQuote(attr[0]))
                    .append(" shape=").append(GoJson.goQuote(attr[1])).append("];\n");
        }
        for (LlbVertex v : def.vertices()) {
            List<Input> inputs = v.inputs();
            for (int i = 0; i < inputs.size(); i++) {
                String label = "";
                if (v.op().hasExec()) {
                    for (Mount m : v.op().getExec().getMountsList()) {
                        if (m.getInput() == i && !m.getDest().equals("/")) {
                            label = m.getDest();
                        }
                    }
                }
                sb.append("  ").append(GoJson.goQuote(inputs.get(i).getDigest())).append(" -> ")
                        .append(GoJson.goQuote(v.digest())).append(" [label=").append(GoJson.goQuote(label))
                        .append("];\n");
            }
        }
        return sb.append("}\n").toString();
    }

    private static String[] labelAndShape(LlbVertex v) {
        Op op = v.op();
        return switch (op.getOpCase()) {
            case SOURCE -> new String[] {op.getSource().getIdentifier(), "ellipse"};
            case EXEC -> new String[] {String.join(" ", op.getExec().getMeta().getArgsList()), "box"};
            case BUILD -> new String[] {"build", "box3d"};
            case MERGE -> new String[] {"merge", "invtriangle"};
            case DIFF -> new String[] {"diff", "doublecircle"};
            case FILE -> new String[] {fileLabel(op), "note"};
            default -> new String[] {v.digest(), "plaintext"};
        };
    }

    private static String fileLabel(Op op) {
        List<String> names = new ArrayList<>();
        for (FileAction a : op.getFile().getActionsList()) {
            names.add(switch (a.getActionCase()) {
                case COPY -> "copy{src=" + a.getCopy().getSrc() + ", dest=" + a.getCopy().getDest() + "}";
                case MKFILE -> "mkfile{path=" + a.getMkfile().getPath() + "}";
                case MKDIR -> "mkdir{path=" + a.getMkdir().getPath() + "}";
                case RM -> "rm{path=" + a.getRm().getPath() + "}";
                case SYMLINK -> "symlink{oldpath=" + a.getSymlink().getOldpath() + ", newpath="
                        + a.getSymlink().getNewpath() + "}";
                default -> "";
            });
        }
        return String.join(",", names);
    }
}
