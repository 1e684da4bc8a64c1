package org.jbuildkit.daemon.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jbuildkit.api.DeterministicProto;
import org.jbuildkit.api.pb.ExecOp;
import org.jbuildkit.api.pb.FileAction;
import org.jbuildkit.api.pb.Meta;
import org.jbuildkit.api.pb.Op;
import org.jbuildkit.api.pb.Platform;
import org.jbuildkit.api.pb.SecretEnv;
import org.jbuildkit.daemon.solver.CachePart;

/**
 * The labelled parts an op's cache-map digest is made of, in the order a cache-miss reason looks at
 * them. Env values, args and file contents are only fingerprinted; paths, users, modes and platforms
 * are no secrets and are shown. A last "other settings" part covers everything not named, so a
 * changed digest always has a changed part (unless only the order of entries moved).
 */
final class CacheParts {
    private CacheParts() {
    }

    /** An exec as its cache map sees it (cache mount IDs already normalised). */
    static List<CachePart> exec(Op op) {
        ExecOp exec = op.getExec();
        Meta meta = exec.getMeta();
        List<CachePart> parts = new ArrayList<>();
        parts.add(CachePart.hashed("args", "the command", String.join("\0", meta.getArgsList())));
        Map<String, CachePart> env = new LinkedHashMap<>();
        for (String entry : meta.getEnvList()) {
            String name = entry.contains("=") ? entry.substring(0, entry.indexOf('=')) : entry;
            env.put(name, CachePart.hashed("env:" + name, "env variable " + name, entry));
        }
        parts.addAll(env.values());
        parts.add(CachePart.shown("cwd", "the working directory", meta.getCwd()));
        parts.add(CachePart.shown("user", "the user", meta.getUser()));
        parts.add(CachePart.shown("network", "the network mode", exec.getNetwork().name().toLowerCase(Locale.ROOT)));
        parts.add(CachePart.shown("security", "the security mode",
                exec.getSecurity().name().toLowerCase(Locale.ROOT)));
        parts.add(CachePart.shown("hostname", "the hostname", meta.getHostname()));
        parts.add(CachePart.hashed("extrahosts", "the extra hosts", bytes(meta.getExtraHostsList())));
        parts.add(CachePart.hashed("ulimits", "the ulimits", bytes(meta.getUlimitList())));
        parts.add(CachePart.hashed("proxyenv", "the proxy variables", DeterministicProto.marshal(meta.getProxyEnv())));
        for (SecretEnv secret : exec.getSecretenvList()) {
            parts.add(CachePart.hashed("secretenv:" + secret.getName(), "secret env " + secret.getName(),
                    DeterministicProto.marshal(secret)));
        }
        for (org.jbuildkit.api.pb.Mount mount : exec.getMountsList()) {
            parts.add(CachePart.hashed("mount:" + mount.getDest(), "the mount at " + mount.getDest(),
                    DeterministicProto.marshal(mount)));
        }
        parts.add(platform(op));
        Meta.Builder restMeta = meta.toBuilder().clearArgs().clearEnv().clearCwd().clearUser().clearHostname()
                .clearExtraHosts().clearUlimit().clearProxyEnv();
        ExecOp.Builder rest = exec.toBuilder().setMeta(restMeta).clearMounts().clearNetwork().clearSecurity()
                .clearSecretenv();
        parts.add(rest(op.toBuilder().setExec(rest).build()));
        return parts;
    }

    /** A file op: each action by position, named by what it does and where. */
    static List<CachePart> file(Op op) {
        List<CachePart> parts = new ArrayList<>();
        List<FileAction> actions = op.getFile().getActionsList();
        for (int i = 0; i < actions.size(); i++) {
            FileAction action = actions.get(i);
            parts.add(CachePart.hashed("action:" + i, "file action " + (i + 1) + " (" + describe(action) + ")",
                    DeterministicProto.marshal(action)));
        }
        parts.add(platform(op));
        parts.add(rest(op.toBuilder().setFile(op.getFile().toBuilder().clearActions()).build()));
        return parts;
    }

    private static String describe(FileAction action) {
        return switch (action.getActionCase()) {
            case COPY -> "copy " + action.getCopy().getSrc() + " → " + action.getCopy().getDest();
            case MKFILE -> "mkfile " + action.getMkfile().getPath();
            case MKDIR -> "mkdir " + action.getMkdir().getPath();
            case RM -> "rm " + action.getRm().getPath();
            case SYMLINK -> "symlink " + action.getSymlink().getNewpath();
            default -> "unknown action";
        };
    }

    private static CachePart platform(Op op) {
        Platform p = op.getPlatform();
        String shown = p.getOS() + "/" + p.getArchitecture() + (p.getVariant().isEmpty() ? "" : "/" + p.getVariant());
        return CachePart.hashed("platform", "the platform", DeterministicProto.marshal(p)).withShown(shown);
    }

    private static CachePart rest(Op op) {
        return CachePart.hashed("rest", "the step's other settings",
                DeterministicProto.marshal(op.toBuilder().clearInputs().clearPlatform().build()));
    }

    private static byte[] bytes(List<? extends com.google.protobuf.MessageLite> messages) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (com.google.protobuf.MessageLite message : messages) {
            byte[] one = DeterministicProto.marshal(message);
            out.write(one.length);
            out.writeBytes(one);
        }
        return out.toByteArray();
    }
}
