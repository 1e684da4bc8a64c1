package org.jbuildkit.dockerfile.convert;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.ImageMetaResolver;
import org.jbuildkit.dockerfile.ResolvedImage;
import org.jbuildkit.dockerfile.instructions.PlatformFlag;
import org.jbuildkit.dockerfile.parser.Node;
import org.jbuildkit.llb.HttpOptions;
import org.jbuildkit.llb.ImageOptions;
import org.jbuildkit.llb.ImageReferences;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.LocalOptions;
import org.jbuildkit.llb.OpConstraints;
import org.jbuildkit.llb.Platform;
import org.jbuildkit.llb.State;

/**
 * {@code --opt context:NAME=…} (upstream's {@code contextByName} and {@code dockerui.NamedContext}): a
 * {@code docker-image://ref}, a {@code local:DIR}, a git repository ({@code git://…}, {@code git@host:repo},
 * {@code https://host/repo.git#ref:subdir}) or an {@code https://…} file (a state holding it as {@code context})
 * that replaces the stage or image called NAME in FROM and COPY --from.
 */
final class NamedContexts {

    /** What a named context gives: a state and, for images, their config (null otherwise). */
    record Replacement(State state, ImageConfig image) {
    }

    private final FrontendOptions options;
    private final BaseImageResolver resolver;
    private final ErrorFactory errors;

    NamedContexts(FrontendOptions options, BaseImageResolver resolver, ErrorFactory errors) {
        this.options = options;
        this.resolver = resolver;
        this.errors = errors;
    }

    Optional<Replacement> lookup(String name, Platform platform, Node at) throws DockerfileException,
            InterruptedException {
        if (options.namedContexts().isEmpty() || name.equalsIgnoreCase("scratch")
                || name.equalsIgnoreCase("context")) {
            return Optional.empty();
        }
        String familiar = familiar(name);
        String pname = familiar + "::" + PlatformFlag.normalize(platform);
        Optional<String> v = options.namedContext(pname);
        String used = pname;
        if (v.isEmpty()) {
            v = options.namedContext(familiar);
            used = familiar;
        }
        if (v.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(replacement(used, v.get(), platform, at));
    }

    private Replacement replacement(String name, String value, Platform platform, Node at)
            throws DockerfileException, InterruptedException {
        int colon = value.indexOf(':');
        if (colon < 0) {
            throw errors.at(at, "invalid context specifier " + value + " for " + name
                    + ": use docker-image://<ref>, local:<name>, a git URL or an https:// URL");
        }
        String kind = value.substring(0, colon);
        String rest = value.substring(colon + 1);
        if (kind.startsWith("git@")) {
            kind = "git";
        }
        switch (kind) {
            case "docker-image" -> {
                String ref = rest.startsWith("//") ? rest.substring(2) : rest;
                if (ref.equals("scratch")) {
                    return new Replacement(Llb.scratch(), null);
                }
                ResolvedImage img;
                try {
                    img = resolver.resolve(ImageReferences.normalize(ref), platform, options.resolveMode());
                } catch (ImageMetaResolver.DockerfileResolveException e) {
                    throw errors.at(at, "context " + name + "=" + value + ": " + e.getMessage(), e);
                }
                ImageConfig config;
                try {
                    config = ImageConfig.parse(img.config());
                } catch (IOException e) {
                    throw errors.at(at, "context " + name + ": failed to parse image config: " + e.getMessage(), e);
                }
                State st = Llb.image(ref, ImageOptions.defaults().withPlatform(platform)
                        .withCustomName("[context " + name + "] " + ref));
                for (String kv : config.env()) {
                    String[] p = kv.split("=", 2);
                    st = st.withEnv(p[0], p.length > 1 ? p[1] : "");
                }
                if (!config.workingDir().isEmpty()) {
                    st = st.withDir(config.workingDir());
                }
                if (!config.user().isEmpty()) {
                    st = st.withUser(config.user());
                }
                return new Replacement(st, config);
            }
            case "local" -> {
                LocalOptions lo = LocalOptions.defaults().withSharedKeyHint("context:" + name)
                        .withCustomName("[context " + name + "] load from client");
                if (!options.sessionId().isEmpty()) {
                    lo = lo.withSessionId(options.sessionId());
                }
                return new Replacement(Llb.local(rest, lo), null);
            }
            case "git" -> {
                return new Replacement(gitContext(name, value, at), null);
            }
            case "http", "https" -> {
                if (GitSource.parse(value) != null) {
                    return new Replacement(gitContext(name, value, at), null);
                }
                return new Replacement(Llb.http(value, HttpOptions.defaults().withFilename("context")
                        .withConstraints(OpConstraints.customName("[context " + name + "] " + value))), null);
            }
            case "oci-layout" -> throw errors.at(at, "context " + name + "=" + value
                    + ": oci-layout:// contexts are not supported yet (they need the client's OCI layout store"
                    + " shared over the session): push the image to a registry and pass docker-image://<ref>,"
                    + " or export it to a directory for local:<name>");
            default -> throw errors.at(at, "unsupported context source " + kind + " for " + name
                    + ": use docker-image://<ref>, local:<name>, a git URL (git://…, git@…,"
                    + " https://…/repo.git#ref) or an https:// URL");
        }
    }

    /** A git repository context, as upstream's {@code DetectGitContext}: ref and subdir from the fragment. */
    private State gitContext(String name, String value, Node at) throws DockerfileException {
        GitSource git = GitSource.parse(value);
        if (git == null) {
            throw errors.at(at, "invalid git context " + value + " for " + name + ": use git://host/repo#ref,"
                    + " git@host:repo#ref or https://host/repo.git#ref");
        }
        return Llb.git(git.remote(), git.ref(), false, git.subdir(),
                OpConstraints.customName("[internal] load git source " + value));
    }

    /** Docker's familiar form without {@code :latest}: {@code docker.io/library/busybox:latest} → {@code busybox}. */
    static String familiar(String name) {
        String n = ImageReferences.normalize(name.toLowerCase(Locale.ROOT).equals(name) ? name : name);
        if (n.startsWith("docker.io/library/")) {
            n = n.substring("docker.io/library/".length());
        } else if (n.startsWith("docker.io/")) {
            n = n.substring("docker.io/".length());
        }
        return n.endsWith(":latest") ? n.substring(0, n.length() - ":latest".length()) : n;
    }
}
