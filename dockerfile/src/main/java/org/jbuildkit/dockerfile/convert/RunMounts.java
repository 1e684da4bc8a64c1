package org.jbuildkit.dockerfile.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jbuildkit.api.GoPath;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.parser.Node;
import org.jbuildkit.llb.CacheSharing;
import org.jbuildkit.llb.Chown;
import org.jbuildkit.llb.FileActions;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Mount;
import org.jbuildkit.llb.OpConstraints;
import org.jbuildkit.llb.State;

/**
 * The {@code RUN --mount=} flags as exec mounts (upstream's {@code dispatchRunMounts}, {@code dispatchSecret},
 * {@code dispatchSSH}): bind and cache mounts of a stage, image or the context, tmpfs, secrets and SSH agents.
 */
final class RunMounts {

    private final ConversionContext ctx;

    RunMounts(ConversionContext ctx) {
        this.ctx = ctx;
    }

    /** The specs of a RUN's mounts, with variables expanded, for finding the stages they read before dispatch. */
    static List<RunMountSpec> specs(Node n, Map<String, String> env, ConversionContext ctx)
            throws DockerfileException {
        List<RunMountSpec> out = new ArrayList<>();
        for (String v : RunInstruction.flags(n, ctx).all("mount")) {
            String expanded = new Words(ctx).word(v, env, n);
            try {
                out.add(RunMountSpec.parse(expanded));
            } catch (RunMountSpec.MountException e) {
                throw ctx.errors.at(n, "invalid --mount=" + v + ": " + e.getMessage());
            }
        }
        return out;
    }

    List<Mount> mounts(StageState d, StageState.Command cmd, List<String> raw, Map<String, String> env)
            throws DockerfileException {
        Node n = cmd.node();
        List<RunMountSpec> specs = specs(n, env, ctx);
        List<Mount> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            RunMountSpec m = specs.get(i);
            String from = m.from();
            if (from.isEmpty() && m.type().equals("cache")) {
                from = "scratch";
            }
            State st = ctx.buildContext;
            if (!from.isEmpty()) {
                st = i < cmd.sources().size() ? cmd.sources().get(i).state : Llb.scratch();
            }
            switch (m.type()) {
                case "secret" -> {
                    out.add(secret(m, n));
                    continue;
                }
                case "ssh" -> {
                    out.add(ssh(m, n));
                    continue;
                }
                default -> {
                }
            }
            String target = m.target();
            if (!GoPath.clean(target).startsWith("/")) {
                target = GoPath.clean("/" + d.state.dir() + "/" + target);
            }
            if (target.equals("/")) {
                throw ctx.errors.at(n, "invalid mount target \"" + target + "\": mount somewhere below /");
            }
            String src = GoPath.clean("/" + m.source());
            String selector = "";
            if (!src.equals("/")) {
                selector = src;
            } else if (m.uid() != null || m.gid() != null || m.mode() != null) {
                st = cachePermissions(m, st);
                selector = "/cache";
            }
            Mount mount;
            if (m.type().equals("tmpfs")) {
                mount = Mount.tmpfs(target).withSize(m.sizeLimit());
            } else if (m.type().equals("cache")) {
                String id = m.id().isEmpty() ? GoPath.clean(m.target()) : m.id();
                Mount.Cache cache = Mount.cache(target, "/" + id, sharing(m.sharing()));
                mount = st.isScratch() && selector.isEmpty() ? cache : cache.withSource(st);
                if (!selector.isEmpty()) {
                    throw ctx.errors.at(n, "cache mounts with source= or uid/gid/mode are not supported yet: "
                            + "remove source=, uid=, gid= and mode= from --mount=" + raw.get(i));
                }
            } else {
                Mount.Bind bind = Mount.bind(target, st);
                if (!selector.isEmpty()) {
                    bind = bind.withSelector(selector);
                }
                mount = m.readOnly() ? bind.readOnly() : bind.withoutOutput();
            }
            out.add(mount);
            if (m.from().isEmpty() && !m.type().equals("cache") && !m.type().equals("tmpfs")) {
                d.contextPaths.add(GoPath.clean("/" + m.source()));
            }
        }
        return out;
    }

    private static CacheSharing sharing(String s) {
        return switch (s) {
            case "private" -> CacheSharing.PRIVATE;
            case "locked" -> CacheSharing.LOCKED;
            default -> CacheSharing.SHARED;
        };
    }

    private static State cachePermissions(RunMountSpec m, State st) {
        int uid = m.uid() == null ? 0 : m.uid();
        int gid = m.gid() == null ? 0 : m.gid();
        int mode = m.mode() == null ? 0755 : m.mode();
        return st.file(FileActions.mkdir("/cache", mode, false, Chown.ids(uid, gid), null),
                OpConstraints.customName("[internal] settings cache mount permissions"));
    }

    private Mount secret(RunMountSpec m, Node n) throws DockerfileException {
        String id = m.id();
        if (!m.source().isEmpty()) {
            id = m.source();
        }
        if (id.isEmpty()) {
            if (m.target().isEmpty()) {
                throw ctx.errors.at(n, "one of source, target required for a secret mount "
                        + "(add id=<secret id> or target=<path>)");
            }
            id = base(m.target());
        }
        String target = m.target().isEmpty() ? "/run/secrets/" + base(id) : m.target();
        Mount.Secret s = Mount.secret(target, id);
        if (!m.required()) {
            s = s.asOptional();
        }
        if (m.uid() != null || m.gid() != null || m.mode() != null) {
            s = s.withOwner(m.uid() == null ? 0 : m.uid(), m.gid() == null ? 0 : m.gid())
                    .withMode(m.mode() == null ? 0400 : m.mode());
        }
        return s;
    }

    private Mount ssh(RunMountSpec m, Node n) throws DockerfileException {
        if (!m.source().isEmpty()) {
            throw ctx.errors.at(n, "ssh does not support source (remove source= from the ssh mount)");
        }
        Mount.Ssh s = Mount.ssh(m.id().isEmpty() ? "default" : m.id());
        if (!m.target().isEmpty()) {
            s = s.withTarget(m.target());
        }
        if (!m.required()) {
            s = s.asOptional();
        }
        if (m.uid() != null || m.gid() != null || m.mode() != null) {
            s = s.withOwner(m.uid() == null ? 0 : m.uid(), m.gid() == null ? 0 : m.gid())
                    .withMode(m.mode() == null ? 0600 : m.mode());
        }
        return s;
    }

    private static String base(String p) {
        String c = GoPath.clean(p);
        int i = c.lastIndexOf('/');
        return i < 0 || c.equals("/") ? c : c.substring(i + 1);
    }
}
