package org.jbuildkit.dockerfile.convert;

import org.jbuildkit.dockerfile.Suggestions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.ImageMetaResolver;
import org.jbuildkit.dockerfile.ResolvedImage;
import org.jbuildkit.dockerfile.instructions.PlatformFlag;
import org.jbuildkit.dockerfile.parser.Node;
import org.jbuildkit.llb.ImageOptions;
import org.jbuildkit.llb.ImageReferences;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.OpConstraints;
import org.jbuildkit.llb.Platform;
import org.jbuildkit.llb.SourceMap;

/**
 * Gives each stage its base (upstream's image-config resolution in {@code toDispatchState}): scratch, a named
 * context, or an image pinned to the digest the registry answered, with its config and platform.
 */
final class BaseImages {

    private final FrontendOptions options;
    private final BaseImageResolver resolver;
    private final BuildChecks checks;
    private final ErrorFactory errors;
    private final SourceMap sourceMap;
    private final StageSplitter.Split split;

    BaseImages(FrontendOptions options, BaseImageResolver resolver, BuildChecks checks, ErrorFactory errors,
            SourceMap sourceMap, StageSplitter.Split split) {
        this.options = options;
        this.resolver = resolver;
        this.checks = checks;
        this.errors = errors;
        this.sourceMap = sourceMap;
        this.split = split;
    }

    void resolveBase(StageState d, boolean reachable, NamedContexts contexts)
            throws DockerfileException, InterruptedException {
        if (d.base != null || d.noInit) {
            return;
        }
        Platform target = options.effectiveTargetPlatform();
        Node at = d.definition == null ? null : d.definition.from();
        if (d.baseName.equalsIgnoreCase("scratch")) {
            d.state = Llb.scratch();
            d.image = ImageConfig.empty(target);
            return;
        }
        String ref;
        try {
            ref = ImageReferences.normalize(d.baseName);
        } catch (RuntimeException e) {
            throw errors.at(at, "failed to parse stage name \"" + d.baseName + "\": " + e.getMessage());
        }
        String repository = ref.replaceFirst("@.*$", "").replaceFirst(":[^:/]*$", "");
        String path = repository.substring(repository.indexOf('/') + 1);
        if (!path.equals(path.toLowerCase(Locale.ROOT))) {
            throw errors.at(at, "failed to parse stage name \"" + d.baseName + "\": invalid reference format: "
                    + "repository name (" + path + ") must be lowercase");
        }
        Platform platform = d.platform != null ? d.platform : target;
        Optional<NamedContexts.Replacement> r = contexts.lookup(ref, platform, at);
        if (r.isPresent()) {
            d.image = r.get().image() != null ? r.get().image() : ImageConfig.empty(target);
            d.state = r.get().state().withPlatform(platform);
            d.platform = platform;
            return;
        }
        boolean scratch = false;
        String pinned = ref;
        d.image = ImageConfig.empty(target);
        if (reachable) {
            ResolvedImage img;
            try {
                img = resolver.resolve(ref, platform, options.resolveMode());
            } catch (ImageMetaResolver.DockerfileResolveException e) {
                String hint = Suggestions.closestIgnoringCase(d.baseName, stageNames()).orElse(null);
                throw errors.at(at, d.baseName + ": " + e.getMessage()
                        + (hint != null ? " (did you mean " + hint + "?)" : ""), e);
            }
            try {
                d.image = ImageConfig.parse(img.config());
            } catch (IOException e) {
                throw errors.at(at, "failed to parse image config of " + ref + ": " + e.getMessage(), e);
            }
            if (d.platform == null && options.implicitTargetPlatform()) {
                platform = autoDetect(d.image, platform);
            }
            if (!d.image.os().isEmpty() && (!d.image.os().equals(platform.os())
                    || !d.image.architecture().equals(platform.architecture()))) {
                checks.report(BuildChecks.Rule.INVALID_BASE_IMAGE_PLATFORM, "Base image " + d.baseName
                        + " was pulled with platform \"" + d.image.os() + "/" + d.image.architecture()
                        + (d.image.variant().isEmpty() ? "" : "/" + d.image.variant()) + "\", expected \""
                        + PlatformFlag.normalize(platform) + "\" for current build", at == null ? null : at.range());
            }
            if (img.digest() != null && !img.digest().isEmpty() && !ref.contains("@")) {
                pinned = ref + "@" + img.digest();
            }
            scratch = d.image.hasNoLayers();
        }
        if (scratch) {
            d.state = Llb.scratch();
        } else {
            OpConstraints c = OpConstraints.none().withDescription(Map.of(ConversionContext.DF_CMD,
                    d.unregistered ? "" : d.definition.from().original()));
            if (at != null && at.range() != null) {
                c = c.withSourceLocation(sourceMap, List.of(ConversionContext.range(at.range())));
            }
            c = c.withCustomName(StepNames.prefix(d, "FROM " + pinned));
            d.state = Llb.image(pinned, ImageOptions.defaults().withPlatform(platform)
                    .withResolveMode(options.resolveMode()).withConstraints(c));
        }
        d.platform = platform;
    }

    private List<String> stageNames() {
        List<String> n = new ArrayList<>();
        for (StageDefinition s : split.stages()) {
            if (!s.name().isEmpty()) {
                n.add(s.name());
            }
        }
        return n;
    }

    private Platform autoDetect(ImageConfig img, Platform target) {
        if (img.os().equals(target.os()) && img.architecture().equals(target.architecture())) {
            return target;
        }
        Platform b = options.buildPlatform();
        if (img.os().equals(b.os()) && img.architecture().equals(b.architecture())) {
            return b;
        }
        return target;
    }

}
