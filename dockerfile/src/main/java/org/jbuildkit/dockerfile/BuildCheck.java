package org.jbuildkit.dockerfile;

import java.util.List;

/**
 * A build check's finding (upstream's {@code linter} rules such as {@code LegacyKeyValueFormat} or
 * {@code JSONArgsRecommended}): the rule, a one-line message, the rule's documentation URL and where it applies.
 */
public record BuildCheck(String rule, String message, String description, String url, List<SourceRange> ranges) {
    public BuildCheck {
        ranges = List.copyOf(ranges);
        description = description == null ? "" : description;
        url = url == null ? "" : url;
    }
}
