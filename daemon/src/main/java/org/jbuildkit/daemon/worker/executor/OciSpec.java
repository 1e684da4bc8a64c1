package org.jbuildkit.daemon.worker.executor;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigInteger;
import java.util.List;

/**
 * The subset of the OCI runtime spec (config.json, runtime-spec 1.0.2) this executor writes,
 * as records that Jackson serializes field by field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record OciSpec(String ociVersion, Process process, Root root, String hostname, List<Mount> mounts, Linux linux) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Process(boolean terminal, User user, List<String> args, List<String> env, String cwd,
            Capabilities capabilities, List<Rlimit> rlimits, boolean noNewPrivileges) {
    }

    record User(long uid, long gid, List<Long> additionalGids) {
    }

    record Capabilities(List<String> bounding, List<String> effective, List<String> permitted) {
    }

    /** Values are unsigned 64-bit; "unlimited" is 2^64-1, which does not fit a Java long. */
    record Rlimit(String type, BigInteger hard, BigInteger soft) {
        static Rlimit of(Ulimit u) {
            return new Rlimit("RLIMIT_" + u.name().toUpperCase(java.util.Locale.ROOT),
                    new BigInteger(Long.toUnsignedString(u.hard())), new BigInteger(Long.toUnsignedString(u.soft())));
        }
    }

    record Root(String path, boolean readonly) {
    }

    record Mount(String destination, String type, String source, List<String> options) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Linux(Resources resources, String cgroupsPath, List<Namespace> namespaces, List<String> maskedPaths,
            List<String> readonlyPaths) {
    }

    record Resources(List<DeviceRule> devices) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeviceRule(boolean allow, String type, String access) {
    }

    record Namespace(String type) {
    }
}
