package org.jbuildkit.llb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jbuildkit.api.pb.CacheOpt;
import org.jbuildkit.api.pb.ExecOp;
import org.jbuildkit.api.pb.Input;
import org.jbuildkit.api.pb.Meta;
import org.jbuildkit.api.pb.MountType;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.SSHOpt;
import org.jbuildkit.api.pb.SecretOpt;
import org.jbuildkit.api.pb.TmpfsOpt;

/**
 * An exec op. Wire form follows the {@code client/llb} that produced our reference definitions (BuildKit v0.11):
 * mounts sorted by target, one output per writable bind mount, secret and SSH mounts appended after them with
 * input 0, and the daemon trusted to set a default PATH ({@code exec.meta.setsdefaultpath}).
 */
final class ExecVertex implements Vertex {

    static final String ROOT = "/";

    private final State base;
    private final Run run;
    private final List<Mount> sortedMounts;

    ExecVertex(State base, Run run) {
        this.base = run.applyTo(base);
        this.run = run;
        List<Mount> all = new ArrayList<>();
        all.add(rootMount());
        for (Mount m : run.mounts()) {
            if (!(m instanceof Mount.Secret) && !(m instanceof Mount.Ssh)) {
                all.add(m);
            }
        }
        all.sort(Comparator.comparing(Mount::target));
        this.sortedMounts = List.copyOf(all);
    }

    private Mount.Bind rootMount() {
        Mount.Bind root = Mount.bind(ROOT, base);
        return run.readonlyRootfs() ? root.readOnly() : root;
    }

    Output rootOutput() {
        return run.readonlyRootfs() ? base.output() : new Output(this, ROOT);
    }

    /** The mount at {@code target} as an output, or an explanation why it has none. */
    State mountState(State parent, String target) {
        for (Mount m : sortedMounts) {
            if (!m.target().equals(target)) {
                continue;
            }
            if (m instanceof Mount.Bind b && b.readonly()) {
                return b.source();
            }
            if (m instanceof Mount.Tmpfs) {
                throw new IllegalArgumentException("tmpfs mount for " + target + " can't be used as a parent");
            }
            if (m instanceof Mount.Bind b && b.noOutput()) {
                throw new IllegalArgumentException("mount marked no-output and " + target
                        + " can't be used as a parent");
            }
            return parent.withOutput(new Output(this, target), run.constraints().platformOrNull());
        }
        throw new IllegalArgumentException("exec has no mount at " + target);
    }

    @Override
    public List<Output> inputs() {
        Set<Output> seen = new LinkedHashSet<>();
        if (base.output() != null) {
            seen.add(base.output());
        }
        for (Mount m : run.mounts()) {
            State src = source(m);
            if (src != null && src.output() != null) {
                seen.add(src.output());
            }
        }
        return List.copyOf(seen);
    }

    private static State source(Mount m) {
        if (m instanceof Mount.Bind b) {
            return b.source();
        }
        return m instanceof Mount.Cache c ? c.source() : null;
    }

    @Override
    public int outputIndex(String target) {
        int i = 0;
        for (Mount m : sortedMounts) {
            if (!hasOutput(m)) {
                continue;
            }
            if (m.target().equals(target)) {
                return i;
            }
            i++;
        }
        throw new IllegalStateException("invalid mount: " + target);
    }

    private static boolean hasOutput(Mount m) {
        return m instanceof Mount.Bind b && !b.readonly() && !b.noOutput();
    }

    @Override
    public MarshaledOp marshal(MarshalContext ctx) {
        OpConstraints c = run.constraints().withCap(Caps.EXEC_META_SETS_DEFAULT_PATH);
        List<String> env = new ArrayList<>(base.env());
        List<Mount.Ssh> ssh = new ArrayList<>();
        for (Mount m : run.mounts()) {
            if (m instanceof Mount.Ssh s) {
                ssh.add(s.target() != null ? s : s.withTarget("/run/buildkit/ssh_agent." + ssh.size()));
            }
        }
        if (!ssh.isEmpty() && base.getEnv("SSH_AUTH_SOCK").isEmpty()) {
            env.add("SSH_AUTH_SOCK=" + ssh.get(0).target());
        }
        Meta meta = Meta.newBuilder().addAllArgs(run.args()).addAllEnv(env).setCwd(base.dir()).setUser(base.user())
                .setHostname(base.hostname()).setRemoveMountStubsRecursive(true)
                .addAllExtraHosts(run.extraHosts().stream().map(h -> org.jbuildkit.api.pb.HostIP.newBuilder()
                        .setHost(h.host()).setIP(h.ip()).build()).toList())
                .build();
        if (run.proxy() != null) {
            Run.ProxyEnv p = run.proxy();
            meta = meta.toBuilder().setProxyEnv(org.jbuildkit.api.pb.ProxyEnv.newBuilder()
                    .setHttpProxy(nz(p.httpProxy())).setHttpsProxy(nz(p.httpsProxy())).setFtpProxy(nz(p.ftpProxy()))
                    .setNoProxy(nz(p.noProxy())).setAllProxy(nz(p.allProxy()))).build();
            c = c.withCap(Caps.EXEC_META_PROXY);
        }
        ExecOp.Builder exec = ExecOp.newBuilder().setMeta(meta)
                .setNetwork(base.network().toProto()).setSecurity(base.security().toProto());
        if (base.network() != NetMode.SANDBOX) {
            c = c.withCap(Caps.EXEC_META_NETWORK);
        }
        if (base.security() != SecurityMode.SANDBOX) {
            c = c.withCap(Caps.EXEC_META_SECURITY);
        }
        c = c.withCap(Caps.EXEC_META_BASE);
        for (Mount m : sortedMounts) {
            if (m instanceof Mount.Bind b) {
                if (!b.selector().isEmpty()) {
                    c = c.withCap(Caps.EXEC_MOUNT_SELECTOR);
                }
                if (b.source().output() != null) {
                    c = c.withCap(Caps.EXEC_MOUNT_BIND);
                }
            } else if (m instanceof Mount.Cache cache) {
                c = c.withCap(Caps.EXEC_MOUNT_CACHE).withCap(Caps.EXEC_MOUNT_CACHE_SHARING);
                if (!cache.selector().isEmpty()) {
                    c = c.withCap(Caps.EXEC_MOUNT_SELECTOR);
                }
            } else if (m instanceof Mount.Tmpfs t) {
                c = c.withCap(Caps.EXEC_MOUNT_TMPFS);
                if (t.size() > 0) {
                    c = c.withCap(Caps.EXEC_MOUNT_TMPFS_SIZE);
                }
            }
        }
        boolean hasSecret = run.mounts().stream().anyMatch(Mount.Secret.class::isInstance);
        if (hasSecret || !run.secretEnv().isEmpty()) {
            c = c.withCap(Caps.EXEC_MOUNT_SECRET);
        }
        if (!run.secretEnv().isEmpty()) {
            c = c.withCap(Caps.EXEC_SECRET_ENV);
        }
        if (!ssh.isEmpty()) {
            c = c.withCap(Caps.EXEC_MOUNT_SSH);
        }
        if (c.platformOrNull() == null && base.platformOrNull() != null) {
            c = c.withPlatform(base.platformOrNull());
        }
        Op.Builder op = ctx.opSkeleton(c);
        List<Input> inputs = new ArrayList<>();
        for (Mount m : sortedMounts) {
            exec.addMounts(toProto(m, ctx, inputs));
        }
        for (Run.SecretEnv se : run.secretEnv()) {
            exec.addSecretenv(org.jbuildkit.api.pb.SecretEnv.newBuilder()
                    .setID(se.id()).setName(se.name()).setOptional(se.optional()));
        }
        for (Mount m : run.mounts()) {
            if (m instanceof Mount.Secret s) {
                exec.addMounts(org.jbuildkit.api.pb.Mount.newBuilder().setDest(s.target())
                        .setMountType(MountType.SECRET)
                        .setSecretOpt(SecretOpt.newBuilder().setID(s.id()).setUid(s.uid()).setGid(s.gid())
                                .setOptional(s.optional()).setMode(s.mode())));
            }
        }
        for (Mount.Ssh s : ssh) {
            exec.addMounts(org.jbuildkit.api.pb.Mount.newBuilder().setDest(s.target()).setMountType(MountType.SSH)
                    .setSSHOpt(SSHOpt.newBuilder().setID(s.id()).setUid(s.uid()).setGid(s.gid())
                            .setMode(s.mode()).setOptional(s.optional())));
        }
        op.addAllInputs(inputs).setExec(exec);
        return MarshalContext.finish(op.build(), c);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private org.jbuildkit.api.pb.Mount toProto(Mount m, MarshalContext ctx, List<Input> inputs) {
        State src = source(m);
        long inputIndex = -1;
        if (src != null && src.output() != null) {
            if (m instanceof Mount.Tmpfs) {
                throw new IllegalStateException("tmpfs mounts must use scratch");
            }
            Input in = src.output().toInput(ctx);
            inputIndex = inputs.indexOf(in);
            if (inputIndex < 0) {
                inputIndex = inputs.size();
                inputs.add(in);
            }
        }
        org.jbuildkit.api.pb.Mount.Builder pm = org.jbuildkit.api.pb.Mount.newBuilder()
                .setInput(inputIndex).setDest(m.target())
                .setOutput(hasOutput(m) ? outputIndex(m.target()) : -1);
        if (m instanceof Mount.Bind b) {
            pm.setReadonly(b.readonly()).setSelector(b.selector());
        } else if (m instanceof Mount.Cache cache) {
            pm.setSelector(cache.selector()).setMountType(MountType.CACHE).setCacheOpt(
                    CacheOpt.newBuilder().setID(cache.id()).setSharing(cache.sharing().toProto()));
        } else if (m instanceof Mount.Tmpfs t) {
            pm.setMountType(MountType.TMPFS).setTmpfsOpt(TmpfsOpt.newBuilder().setSize(t.size()));
        }
        return pm.build();
    }
}
