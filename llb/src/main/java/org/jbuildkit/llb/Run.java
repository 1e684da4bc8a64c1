package org.jbuildkit.llb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run in an exec (upstream's {@code RunOption}s): command, extra mounts, secret env vars, and overrides of
 * the base state's metadata that apply to this exec only. Immutable.
 */
public record Run(List<String> args, List<Mount> mounts, Map<String, String> env, String dir, String user,
        String hostname, NetMode network, SecurityMode security, boolean readonlyRootfs,
        List<SecretEnv> secretEnv, OpConstraints constraints, List<HostIp> extraHosts, ProxyEnv proxy) {

    /** An extra {@code /etc/hosts} entry of the exec. */
    public record HostIp(String host, String ip) {
    }

    /** Proxy variables the exec sees without them being part of its cache key (upstream's {@code ProxyEnv}). */
    public record ProxyEnv(String httpProxy, String httpsProxy, String ftpProxy, String noProxy, String allProxy) {
    }

    /** A secret exposed as an environment variable instead of a file. */
    public record SecretEnv(String id, String name, boolean optional) {
    }

    public Run {
        args = List.copyOf(args);
        mounts = List.copyOf(mounts);
        env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        secretEnv = List.copyOf(secretEnv);
        Objects.requireNonNull(constraints, "constraints");
        extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
    }

    public static Run args(String... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("an exec needs at least one argument");
        }
        return new Run(List.of(args), List.of(), Map.of(), null, null, null, null, null, false, List.of(),
                OpConstraints.none(), List.of(), null);
    }

    /** {@code /bin/sh -c command}, the shell form of a Dockerfile RUN. */
    public static Run shell(String command) {
        return args("/bin/sh", "-c", command);
    }

    public Run withMount(Mount m) {
        List<Mount> more = new ArrayList<>(mounts);
        more.add(m);
        return new Run(args, more, env, dir, user, hostname, network, security, readonlyRootfs, secretEnv,
                constraints, extraHosts, proxy);
    }

    public Run withEnv(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(env);
        more.put(key, value);
        return new Run(args, mounts, more, dir, user, hostname, network, security, readonlyRootfs, secretEnv,
                constraints, extraHosts, proxy);
    }

    public Run withDir(String d) {
        return new Run(args, mounts, env, d, user, hostname, network, security, readonlyRootfs, secretEnv,
                constraints, extraHosts, proxy);
    }

    public Run withUser(String u) {
        return new Run(args, mounts, env, dir, u, hostname, network, security, readonlyRootfs, secretEnv,
                constraints, extraHosts, proxy);
    }

    public Run withHostname(String h) {
        return new Run(args, mounts, env, dir, user, h, network, security, readonlyRootfs, secretEnv, constraints, extraHosts, proxy);
    }

    public Run withNetwork(NetMode n) {
        return new Run(args, mounts, env, dir, user, hostname, n, security, readonlyRootfs, secretEnv, constraints, extraHosts, proxy);
    }

    public Run withSecurity(SecurityMode s) {
        return new Run(args, mounts, env, dir, user, hostname, network, s, readonlyRootfs, secretEnv, constraints, extraHosts, proxy);
    }

    public Run withReadonlyRootfs() {
        return new Run(args, mounts, env, dir, user, hostname, network, security, true, secretEnv, constraints, extraHosts, proxy);
    }

    public Run withSecretEnv(String id, String name, boolean optional) {
        List<SecretEnv> more = new ArrayList<>(secretEnv);
        more.add(new SecretEnv(id, name, optional));
        return new Run(args, mounts, env, dir, user, hostname, network, security, readonlyRootfs, more,
                constraints, extraHosts, proxy);
    }

    public Run withExtraHost(String host, String ip) {
        List<HostIp> more = new ArrayList<>(extraHosts);
        more.add(new HostIp(host, ip));
        return new Run(args, mounts, env, dir, user, hostname, network, security, readonlyRootfs, secretEnv,
                constraints, more, proxy);
    }

    public Run withProxy(ProxyEnv p) {
        return new Run(args, mounts, env, dir, user, hostname, network, security, readonlyRootfs, secretEnv,
                constraints, extraHosts, p);
    }

    public Run withConstraints(OpConstraints c) {
        return new Run(args, mounts, env, dir, user, hostname, network, security, readonlyRootfs, secretEnv, c, extraHosts, proxy);
    }

    public Run withCustomName(String name) {
        return withConstraints(constraints.withCustomName(name));
    }

    public Run withIgnoreCache() {
        return withConstraints(constraints.withIgnoreCache());
    }

    /** The state the command sees: the base with this run's overrides applied. */
    State applyTo(State base) {
        State s = base;
        for (Map.Entry<String, String> e : env.entrySet()) {
            s = s.withEnv(e.getKey(), e.getValue());
        }
        if (dir != null) {
            s = s.withDir(dir);
        }
        if (user != null) {
            s = s.withUser(user);
        }
        if (hostname != null) {
            s = s.withHostname(hostname);
        }
        if (network != null) {
            s = s.withNetwork(network);
        }
        if (security != null) {
            s = s.withSecurity(security);
        }
        return s;
    }
}
