package org.jbuildkit.client;

import java.util.List;
import java.util.Set;

/**
 * Recognises build flags given without the {@code build} subcommand (as in
 * {@code buildctl --frontend dockerfile.v0 --opt export=true --local .}) and answers with the
 * command lines the user most likely meant, instead of an "unknown option" error.
 */
final class MisplacedBuildFlags {
    private static final Set<String> BUILD_FLAGS = Set.of("--frontend", "--opt", "--local", "--output", "-o",
            "--export-cache", "--import-cache", "--progress", "--secret", "--ssh", "--no-cache",
            "--metadata-file", "--allow", "--ref-file", "--trace");
    private static final Set<String> GLOBAL_WITH_VALUE = Set.of("--addr", "--tlsservername", "--tlscacert",
            "--tlscert", "--tlskey", "--tlsdir", "--timeout");

    record Advice(String flag) {
        String render() {
            return String.join("\n",
                    "error: " + flag + " is an option of the build command, and buildctl has no `export` option.",
                    "  to build a Dockerfile in the current directory:",
                    "    buildctl build --frontend dockerfile.v0 --local context=. --local dockerfile=.",
                    "  to list the daemon's workers (builders) and their labels:",
                    "    buildctl debug workers -v",
                    "    buildctl debug labels");
        }
    }

    private MisplacedBuildFlags() {
    }

    /** Returns advice when the first argument after the global options is a build flag, else null. */
    static Advice check(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (GLOBAL_WITH_VALUE.contains(name)) {
                if (!arg.contains("=")) {
                    i++;
                }
                continue;
            }
            if (name.equals("--debug")) {
                continue;
            }
            return BUILD_FLAGS.contains(name) ? new Advice(name) : null;
        }
        return null;
    }
}
