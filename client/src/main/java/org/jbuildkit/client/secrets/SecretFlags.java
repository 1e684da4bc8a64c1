package org.jbuildkit.client.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jbuildkit.client.flags.CsvFields;
import org.jbuildkit.session.secrets.SecretSource;

/**
 * {@code buildctl build --secret} as upstream reads it ({@code cmd/buildctl/build/secret.go} and
 * {@code secretsprovider.NewStore}): CSV fields {@code id}, {@code type=file|env}, {@code src} (or
 * {@code source}), {@code env}; {@code type=env} with only {@code src} takes it as the variable's
 * name; with neither, an environment variable named like the id if set, else a file named like it.
 * Files are checked here, before the build: missing, unreadable or too large is an error.
 */
public final class SecretFlags {
    private final Map<String, String> environment;

    /** {@code environment} decides the defaults (normally {@link System#getenv()}). */
    public SecretFlags(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public List<SecretSource> parse(List<String> values) {
        List<SecretSource> sources = new ArrayList<>();
        for (String value : values) {
            sources.add(parse(value));
        }
        return sources;
    }

    public SecretSource parse(String value) {
        String id = null;
        String src = null;
        String env = null;
        String type = null;
        for (String field : CsvFields.split(value, "--secret")) {
            int eq = field.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("invalid field '" + field + "' in --secret " + value
                        + ": it must be a key=value pair, e.g. id=mysecret,src=FILE");
            }
            String key = field.substring(0, eq).toLowerCase(Locale.ROOT);
            String v = field.substring(eq + 1);
            switch (key) {
                case "type" -> {
                    if (!v.equals("file") && !v.equals("env")) {
                        throw new IllegalArgumentException("unsupported secret type \"" + v + "\" in --secret "
                                + value + ": use type=file or type=env");
                    }
                    type = v;
                }
                case "id" -> id = v;
                case "source", "src" -> src = v;
                case "env" -> env = v;
                default -> throw new IllegalArgumentException("unexpected key '" + key + "' in '" + field
                        + "' of --secret " + value + ": the keys are id, type, src (or source) and env");
            }
        }
        if ("env".equals(type) && isEmpty(env)) {
            env = src;
            src = null;
        }
        if (isEmpty(id)) {
            throw new IllegalArgumentException("secret missing ID in --secret " + value
                    + ": name it, e.g. --secret id=mysecret,src=FILE");
        }
        if (isEmpty(env) && isEmpty(src)) {
            if (environment.containsKey(id)) {
                env = id;
            } else {
                src = id;
            }
        }
        if (!isEmpty(src)) {
            checkFile(id, Path.of(src), value);
        }
        // Upstream reads the variable when both are given.
        return isEmpty(env) ? SecretSource.ofFile(id, Path.of(src).toAbsolutePath()) : SecretSource.ofEnv(id, env);
    }

    private static void checkFile(String id, Path file, String value) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("secret " + id + ": " + file + (Files.exists(file)
                        ? " is not a regular file" : " does not exist") + " (--secret " + value
                        + "): give src= a readable file, or env= a variable");
            }
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("secret " + id + ": cannot read " + file + " (--secret " + value
                        + "): permission denied; make it readable by this user");
            }
            if (Files.size(file) > SecretSource.MAX_SIZE) {
                throw new IllegalArgumentException("secret " + id + " too big: " + file + " has " + Files.size(file)
                        + " bytes, the limit is " + SecretSource.MAX_SIZE);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("secret " + id + ": cannot stat " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }
}
