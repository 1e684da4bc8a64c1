package org.jbuildkit.daemon.cache.remote;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.jbuildkit.api.control.SolveRequest;
import org.jbuildkit.daemon.exporter.image.GoBool;
import org.jbuildkit.registry.reference.ImageReference;

/**
 * The tags a request's {@code type=image,push=true} outputs push to ({@code registry/repository:tag}, {@code latest}
 * when a name has none), so a registry cache export to one of them can be told apart from a cache of its own.
 */
final class PushedImageNames {
    private PushedImageNames() {
    }

    static Set<String> of(SolveRequest request) {
        Set<String> tags = new LinkedHashSet<>();
        request.getExportersList().forEach(output -> {
            if (!output.getType().equals("image")) {
                return;
            }
            String push = output.getAttrsMap().getOrDefault("push", "false");
            if (!Boolean.TRUE.equals(push.isEmpty() ? Boolean.TRUE : GoBool.parse(push.toLowerCase(Locale.ROOT)))) {
                return;
            }
            for (String name : output.getAttrsMap().getOrDefault("name", "").split(",")) {
                String trimmed = name.strip().replace("\"", "");
                if (!trimmed.isEmpty()) {
                    try {
                        tags.add(tag(ImageReference.parse(trimmed)));
                    } catch (IllegalArgumentException e) {
                        // The image exporter refuses the name with its own message.
                    }
                }
            }
        });
        return tags;
    }

    static String tag(ImageReference ref) {
        return ref.registry() + "/" + ref.repository() + ":" + ref.tagOrDefault();
    }
}
