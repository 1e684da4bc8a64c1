package org.jbuildkit.dockerfile.convert;

import java.util.ArrayList;
import java.util.List;
import org.jbuildkit.api.GoPath;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.instructions.MountType;
import org.jbuildkit.dockerfile.instructions.RunMount;
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

    /** {@code cmd.sources()} holds, per mount, the stage its {@code from=} names (scratch when none). */
    List<Mount> mounts(StageState d, StageState.Command cmd, List<RunMount> specs) throws DockerfileException {
        Node n = cmd.node();
        List<Mount> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            RunMount m = specs.get(i);
            if (m.type() == MountType.SECRET) {
                out.add(secret(m, n));
                continue;
            }
            if (m.type() == MountType.SSH) {
                out.add(ssh(m, n));
                continue;
            }
            boolean fromStage = !m.from().isEmpty() || m.type() == MountType.CACHE;
            State st = ctx.buildContext;
            if (fromStage) {
                st = i < cmd.sources().size() ? cmd.sources().get(i).state : Llb.scratch();
            }
            if (m.type() == MountType.TMPFS) {
                st = Llb.scratch();
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
            } else if (m.hasFileInfo()) {
                st = cachePermissions(m, st);
                selector = "/cache";
            }
            out.add(mount(m, target, st, selector, ctx));
            if (m.from().isEmpty() && m.type() == MountType.BIND) {
                d.contextPaths.add(src);
            }
        }
        return out;
    }

    private static Mount mount(RunMount m, String target, State st, String selector, ConversionContext ctx) {
        switch (m.type()) {
            case TMPFS -> {
                return Mount.tmpfs(target).withSize(m.sizeLimit());
            }
            case CACHE -> {
                Mount.Cache cache = Mount.cache(target, ctx.options.cacheIdNamespace() + "/" + m.cacheId(),
                        sharing(m));
                if (!selector.isEmpty()) {
                    cache = cache.withSelector(selector);
                }
                return st.isScratch() ? cache : cache.withSource(st);
            }
            default -> {
                Mount.Bind bind = Mount.bind(target, st);
                if (!selector.isEmpty()) {
                    bind = bind.withSelector(selector);
                }
                return m.readOnly() ? bind.readOnly() : bind.withoutOutput();
            }
        }
    }

    private static CacheSharing sharing(RunMount m) {
        return switch (m.cacheSharing()) {
            case PRIVATE -> CacheSharing.PRIVATE;
            case LOCKED -> CacheSharing.LOCKED;
            default -> CacheSharing.SHARED;
        };
    }

    private static State cachePermissions(RunMount m, State st) {
        return st.file(FileActions.mkdir("/cache", m.modeOr(RunMount.CACHE_DEFAULT_MODE), false,
                        Chown.ids(m.uidOrZero(), m.gidOrZero()), null),
                OpConstraints.customName("[internal] settings cache mount permissions"));
    }

    private Mount secret(RunMount m, Node n) throws DockerfileException {
        if (m.env() != null) {
            throw ctx.errors.at(n, "secret mounts with env= are not supported yet: mount the secret as a file "
                    + "(remove env=) and read it from " + m.secretTarget().orElse("/run/secrets/" + m.secretId()));
        }
        Mount.Secret s = Mount.secret(m.secretTarget().orElseThrow(), m.secretId());
        if (!m.required()) {
            s = s.asOptional();
        }
        if (m.hasFileInfo()) {
            s = s.withOwner(m.uidOrZero(), m.gidOrZero()).withMode(m.modeOr(RunMount.SECRET_DEFAULT_MODE));
        }
        return s;
    }

    private Mount ssh(RunMount m, Node n) throws DockerfileException {
        if (!m.source().isEmpty()) {
            throw ctx.errors.at(n, "ssh does not support source (remove source= from the ssh mount)");
        }
        Mount.Ssh s = Mount.ssh(m.sshId());
        if (!m.target().isEmpty()) {
            s = s.withTarget(m.target());
        }
        if (!m.required()) {
            s = s.asOptional();
        }
        if (m.hasFileInfo()) {
            s = s.withOwner(m.uidOrZero(), m.gidOrZero()).withMode(m.modeOr(RunMount.SSH_DEFAULT_MODE));
        }
        return s;
    }
}
