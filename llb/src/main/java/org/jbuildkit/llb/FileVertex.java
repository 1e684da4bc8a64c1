package org.jbuildkit.llb;

import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jbuildkit.api.pb.FileActionCopy;
import org.jbuildkit.api.pb.FileActionMkDir;
import org.jbuildkit.api.pb.FileActionMkFile;
import org.jbuildkit.api.pb.FileActionRm;
import org.jbuildkit.api.pb.FileActionSymlink;
import org.jbuildkit.api.pb.FileOp;
import org.jbuildkit.api.pb.Input;
import org.jbuildkit.api.pb.Op;

/**
 * A file op: a chain of actions over a base state. Each action reads the previous action's result, addressed as
 * {@code number of inputs + action index}; the last action's result is the op's only output. Like the
 * {@code client/llb} of our reference definitions (v0.11) the op keeps its platform.
 */
final class FileVertex implements Vertex {

    private final State base;
    private final List<FileAction.Step> steps;
    private final OpConstraints constraints;

    FileVertex(State base, FileAction chain, OpConstraints constraints) {
        this.base = base;
        List<FileAction.Step> list = new ArrayList<>();
        for (FileAction a = chain; a != null; a = a.prev()) {
            list.add(0, a.step());
        }
        this.steps = List.copyOf(list);
        this.constraints = constraints;
    }

    @Override
    public List<Output> inputs() {
        Set<Output> seen = new LinkedHashSet<>();
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (base.output() != null) {
                seen.add(base.output());
            }
            if (steps.get(i) instanceof FileAction.Copy c && c.from().output() != null) {
                seen.add(c.from().output());
            }
        }
        return List.copyOf(seen);
    }

    @Override
    public MarshaledOp marshal(MarshalContext ctx) {
        OpConstraints c = constraints.withCap(Caps.FILE_BASE);
        for (FileAction.Step s : steps) {
            if (s instanceof FileAction.Copy copy) {
                CopyOptions o = copy.options();
                if (!o.includePatterns().isEmpty() || !o.excludePatterns().isEmpty()) {
                    c = c.withCap(Caps.FILE_COPY_INCLUDE_EXCLUDE_PATTERNS);
                }
                if (!o.requiredPaths().isEmpty()) {
                    c = c.withCap(Caps.FILE_COPY_REQUIRED_PATHS);
                }
                if (o.alwaysReplaceExistingDestPaths()) {
                    c = c.withCap(Caps.FILE_COPY_ALWAYS_REPLACE_EXISTING_DEST_PATHS);
                }
                if (o.modeStr() != null && !o.modeStr().isEmpty()) {
                    c = c.withCap(Caps.FILE_COPY_MODE_STRING_FORMAT);
                }
            }
        }
        if (c.platformOrNull() == null && base.platformOrNull() != null) {
            c = c.withPlatform(base.platformOrNull());
        }
        List<Input> inputs = new ArrayList<>();
        long[] baseIndex = new long[steps.size()];
        long[] secondary = new long[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            baseIndex[i] = base.output() == null ? -1 : add(inputs, base.output().toInput(ctx));
            secondary[i] = -1;
            if (steps.get(i) instanceof FileAction.Copy copy && copy.from().output() != null) {
                secondary[i] = add(inputs, copy.from().output().toInput(ctx));
            }
        }
        FileOp.Builder file = FileOp.newBuilder();
        for (int i = 0; i < steps.size(); i++) {
            org.jbuildkit.api.pb.FileAction.Builder fa = org.jbuildkit.api.pb.FileAction.newBuilder()
                    .setInput(i == 0 ? baseIndex[0] : inputs.size() + i - 1)
                    .setSecondaryInput(secondary[i])
                    .setOutput(i == steps.size() - 1 ? 0 : -1);
            toProto(steps.get(i), baseIndex[i], fa);
            file.addActions(fa);
        }
        Op.Builder op = ctx.opSkeleton(c).addAllInputs(inputs).setFile(file);
        return MarshalContext.finish(op.build(), c);
    }

    private static long add(List<Input> inputs, Input in) {
        int i = inputs.indexOf(in);
        if (i >= 0) {
            return i;
        }
        inputs.add(in);
        return inputs.size() - 1;
    }

    private void toProto(FileAction.Step step, long baseIndex, org.jbuildkit.api.pb.FileAction.Builder fa) {
        String parent = base.dir();
        if (step instanceof FileAction.Mkdir m) {
            FileActionMkDir.Builder b = FileActionMkDir.newBuilder().setPath(Paths.normalize(parent, m.path(), false))
                    .setMode(m.mode() & 0777).setMakeParents(m.makeParents()).setTimestamp(nanos(m.createdTime()));
            if (m.chown() != null) {
                b.setOwner(m.chown().toProto(baseIndex));
            }
            fa.setMkdir(b);
        } else if (step instanceof FileAction.Mkfile m) {
            FileActionMkFile.Builder b = FileActionMkFile.newBuilder()
                    .setPath(Paths.normalize(parent, m.path(), false)).setMode(m.mode() & 0777)
                    .setData(ByteString.copyFrom(m.data())).setTimestamp(nanos(m.createdTime()));
            if (m.chown() != null) {
                b.setOwner(m.chown().toProto(baseIndex));
            }
            fa.setMkfile(b);
        } else if (step instanceof FileAction.Rm r) {
            fa.setRm(FileActionRm.newBuilder().setPath(Paths.normalize(parent, r.path(), false))
                    .setAllowNotFound(r.allowNotFound()).setAllowWildcard(r.allowWildcard()));
        } else if (step instanceof FileAction.Symlink s) {
            FileActionSymlink.Builder b = FileActionSymlink.newBuilder().setOldpath(s.oldpath())
                    .setNewpath(Paths.normalize(parent, s.newpath(), false)).setTimestamp(nanos(s.createdTime()));
            if (s.chown() != null) {
                b.setOwner(s.chown().toProto(baseIndex));
            }
            fa.setSymlink(b);
        } else if (step instanceof FileAction.Copy c) {
            fa.setCopy(copy(c, parent, baseIndex));
        }
    }

    private static FileActionCopy copy(FileAction.Copy c, String parent, long baseIndex) {
        CopyOptions o = c.options();
        String src = Paths.clean(c.src());
        if (!Paths.isAbs(src)) {
            src = Paths.join(c.from().dir().isEmpty() ? "/" : c.from().dir(), src);
        } else {
            src = Paths.join("/", src);
        }
        FileActionCopy.Builder b = FileActionCopy.newBuilder().setSrc(src)
                .setDest(Paths.normalize(parent, c.dest(), true))
                .addAllIncludePatterns(o.includePatterns()).addAllExcludePatterns(o.excludePatterns())
                .setAllowWildcard(o.allowWildcard()).setAllowEmptyWildcard(o.allowEmptyWildcard())
                .setFollowSymlink(o.followSymlinks()).setDirCopyContents(o.copyDirContentsOnly())
                .setAttemptUnpackDockerCompatibility(o.attemptUnpack()).setCreateDestPath(o.createDestPath())
                .setTimestamp(nanos(o.createdTime()))
                .setAlwaysReplaceExistingDestPaths(o.alwaysReplaceExistingDestPaths())
                .addAllRequiredPaths(o.requiredPaths());
        if (o.modeStr() != null && !o.modeStr().isEmpty()) {
            b.setModeStr(o.modeStr());
        } else {
            b.setMode(o.chmod() == null ? -1 : o.chmod());
        }
        if (o.chown() != null) {
            b.setOwner(o.chown().toProto(baseIndex));
        }
        return b.build();
    }

    private static long nanos(Instant t) {
        return t == null ? -1 : t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
