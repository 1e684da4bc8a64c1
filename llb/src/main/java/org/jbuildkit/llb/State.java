package org.jbuildkit.llb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jbuildkit.api.pb.Definition;

/**
 * An immutable LLB state: one output of a vertex (none for scratch) plus the metadata later execs inherit —
 * env, working dir, user, hostname, network, security and platform. Every {@code with…} returns a new state.
 */
public final class State {

    private final Output output;
    private final Map<String, String> env;
    private final String dir;
    private final String user;
    private final String hostname;
    private final NetMode network;
    private final SecurityMode security;
    private final Platform platform;

    private State(Output output, Map<String, String> env, String dir, String user, String hostname,
            NetMode network, SecurityMode security, Platform platform) {
        this.output = output;
        this.env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        this.dir = dir;
        this.user = user;
        this.hostname = hostname;
        this.network = network;
        this.security = security;
        this.platform = platform;
    }

    /** A fresh state over {@code output} (null for scratch), with working dir {@code /} like upstream's NewState. */
    static State of(Output output, Platform platform) {
        return new State(output, Map.of(), "/", "", "", NetMode.SANDBOX, SecurityMode.SANDBOX, platform);
    }

    Output output() {
        return output;
    }

    public boolean isScratch() {
        return output == null;
    }

    /** The same metadata over another output; the output's platform is adopted if this state has none. */
    State withOutput(Output o, Platform outputPlatform) {
        return new State(o, env, dir, user, hostname, network, security, platform != null ? platform : outputPlatform);
    }

    /** Adds or replaces a variable; a replaced variable moves to the end, as in upstream's {@code EnvList}. */
    public State withEnv(String key, String value) {
        Map<String, String> next = new LinkedHashMap<>(env);
        next.remove(key);
        next.put(key, value);
        return new State(output, next, dir, user, hostname, network, security, platform);
    }

    public State withoutEnv(String key) {
        Map<String, String> next = new LinkedHashMap<>(env);
        next.remove(key);
        return new State(output, next, dir, user, hostname, network, security, platform);
    }

    /** Sets the working dir; a relative dir is joined to the current one. */
    public State withDir(String d) {
        String next = Paths.isAbs(d) ? d : Paths.join(dir.isEmpty() ? "/" : dir, d);
        return new State(output, env, next, user, hostname, network, security, platform);
    }

    public State withUser(String u) {
        return new State(output, env, dir, Objects.requireNonNull(u), hostname, network, security, platform);
    }

    public State withHostname(String h) {
        return new State(output, env, dir, user, Objects.requireNonNull(h), network, security, platform);
    }

    public State withNetwork(NetMode n) {
        return new State(output, env, dir, user, hostname, Objects.requireNonNull(n), security, platform);
    }

    public State withSecurity(SecurityMode s) {
        return new State(output, env, dir, user, hostname, network, Objects.requireNonNull(s), platform);
    }

    public State withPlatform(Platform p) {
        return new State(output, env, dir, user, hostname, network, security, Objects.requireNonNull(p));
    }

    public Optional<String> getEnv(String key) {
        return Optional.ofNullable(env.get(key));
    }

    /** Environment in {@code KEY=value} form, in upstream's order. */
    public List<String> env() {
        return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    public String dir() {
        return dir;
    }

    public String user() {
        return user;
    }

    public String hostname() {
        return hostname;
    }

    public NetMode network() {
        return network;
    }

    public SecurityMode security() {
        return security;
    }

    public Optional<Platform> platform() {
        return Optional.ofNullable(platform);
    }

    Platform platformOrNull() {
        return platform;
    }

    /** Runs a command with this state's root filesystem and metadata. */
    public ExecState run(String... args) {
        return run(Run.args(args));
    }

    public ExecState run(Run run) {
        ExecVertex exec = new ExecVertex(this, run);
        return new ExecState(withOutput(exec.rootOutput(), run.constraints().platformOrNull()), exec);
    }

    /** Applies a chain of file actions to this state. */
    public State file(FileAction actions) {
        return file(actions, OpConstraints.none());
    }

    public State file(FileAction actions, OpConstraints constraints) {
        FileVertex f = new FileVertex(this, actions, constraints);
        return withOutput(Output.of(f), constraints.platformOrNull());
    }

    public Definition marshal() {
        return marshal(MarshalOptions.defaults());
    }

    public Definition marshal(MarshalOptions options) {
        return DefinitionMarshaller.marshal(this, options);
    }
}
