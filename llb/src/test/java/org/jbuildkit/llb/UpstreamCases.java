package org.jbuildkit.llb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.jbuildkit.api.pb.Definition;

/** The definitions upstream's Dockerfile frontend produced, copied from the project's shared test data. */
final class UpstreamCases {

    static final List<String> ALL = List.of("01-from-run", "02-scratch-copy", "03-env-expansion", "04-arg-scope",
            "06-cmd-entrypoint", "07-shell-form-cmd", "08-labels-expose", "09-multistage", "10-parallel-stages",
            "11-copy-chown-chmod", "13-run-mount-cache", "14-run-mount-secret", "16-run-network-none",
            "17-heredoc-run", "18-heredoc-copy", "20-shell-instruction", "21-onbuild", "23-add-local",
            "24-copy-wildcard", "25-target-stage", "27-env-legacy-form", "28-copy-from-image", "30-run-json-form",
            "31-maintainer", "33-run-mount-tmpfs", "34-copy-multiple-src", "36-workdir-env", "37-multi-run-chain",
            "38-copy-from-index");

    static final String BUSYBOX = "127.0.0.1:5000/busybox:latest@sha256:"
            + "5edc9980c63f78dece50ede472f0ff010bf8dfa8daba4f3d18f69b5ae9552201";
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private UpstreamCases() {
    }

    static byte[] bytes(String caseName, String file) {
        try (InputStream in = UpstreamCases.class.getResourceAsStream("/upstream/" + caseName + "/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + caseName + "/" + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Definition definition(String caseName) {
        try {
            return Definition.parseFrom(bytes(caseName, "llb.pb"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
