package org.jbuildkit.dockerfile.convert;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jbuildkit.dockerfile.BuildCheck;
import org.jbuildkit.dockerfile.SourceRange;

/**
 * The build checks' findings of one conversion (upstream's {@code linter}), filtered by the {@code # check=}
 * directive: {@code skip=Rule1,Rule2} (or {@code skip=all}) drops rules, {@code error=true} makes findings fatal.
 */
final class BuildChecks {

    /** One rule: upstream's name and description; the URL follows from the name. */
    enum Rule {
        STAGE_NAME_CASING("StageNameCasing", "Stage names should be lowercase"),
        FROM_AS_CASING("FromAsCasing", "The 'as' keyword should match the case of the 'from' keyword"),
        NO_EMPTY_CONTINUATION("NoEmptyContinuation",
                "Empty continuation lines will become errors in a future release"),
        CONSISTENT_INSTRUCTION_CASING("ConsistentInstructionCasing",
                "All commands within the Dockerfile should use the same casing (either upper or lower)"),
        DUPLICATE_STAGE_NAME("DuplicateStageName", "Stage names should be unique"),
        RESERVED_STAGE_NAME("ReservedStageName", "Reserved words should not be used as stage names"),
        JSON_ARGS_RECOMMENDED("JSONArgsRecommended", "JSON arguments recommended for ENTRYPOINT/CMD to prevent "
                + "unintended behavior related to OS signals"),
        MAINTAINER_DEPRECATED("MaintainerDeprecated",
                "The MAINTAINER instruction is deprecated, use a label instead to define an image author"),
        UNDEFINED_ARG_IN_FROM("UndefinedArgInFrom", "FROM command must use declared ARGs"),
        WORKDIR_RELATIVE_PATH("WorkdirRelativePath", "Relative workdir without an absolute workdir declared within "
                + "the build can have unexpected results if the base image changes"),
        UNDEFINED_VAR("UndefinedVar", "Variables should be defined before their use"),
        MULTIPLE_INSTRUCTIONS_DISALLOWED("MultipleInstructionsDisallowed",
                "Multiple instructions of the same type should not be used in the same stage"),
        LEGACY_KEY_VALUE_FORMAT("LegacyKeyValueFormat",
                "Legacy key/value format with whitespace separator should not be used"),
        FROM_PLATFORM_FLAG_CONST_DISALLOWED("FromPlatformFlagConstDisallowed",
                "FROM --platform flag should not use a constant value"),
        REDUNDANT_TARGET_PLATFORM("RedundantTargetPlatform", "Setting platform to predefined $TARGETPLATFORM in "
                + "FROM is redundant as this is the default behavior"),
        EXPOSE_PROTO_CASING("ExposeProtoCasing", "Protocol in EXPOSE instruction should be lowercase"),
        COPY_OUTSIDE_CONTEXT("CopyOutsideContext", "COPY and ADD sources are paths inside the build context; "
                + "a leading ../ is cleaned away and never reaches outside it");

        final String ruleName;
        final String description;

        Rule(String name, String description) {
            this.ruleName = name;
            this.description = description;
        }

        String url() {
            String kebab = ruleName.replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                    .replaceAll("([A-Z]+)([A-Z][a-z])", "$1-$2").toLowerCase(Locale.ROOT);
            return "https://docs.docker.com/go/dockerfile/rule/" + kebab + "/";
        }
    }

    private final Set<String> skipped = new LinkedHashSet<>();
    private final boolean skipAll;
    private final boolean fatal;
    private final List<BuildCheck> found = new ArrayList<>();

    BuildChecks(String checkDirective) {
        boolean all = false;
        boolean err = false;
        for (String part : checkDirective.split(";")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                continue;
            }
            String key = kv[0].trim().toLowerCase(Locale.ROOT);
            if (key.equals("skip")) {
                for (String r : kv[1].split(",")) {
                    String name = r.trim();
                    if (name.equalsIgnoreCase("all")) {
                        all = true;
                    } else if (!name.isEmpty()) {
                        skipped.add(name.toLowerCase(Locale.ROOT));
                    }
                }
            } else if (key.equals("error")) {
                err = Boolean.parseBoolean(kv[1].trim());
            }
        }
        this.skipAll = all;
        this.fatal = err;
    }

    void report(Rule rule, String message, SourceRange range) {
        if (skipAll || skipped.contains(rule.ruleName.toLowerCase(Locale.ROOT))) {
            return;
        }
        found.add(new BuildCheck(rule.ruleName, message, rule.description, rule.url(),
                range == null ? List.of() : List.of(range)));
    }

    /** A finding the parser made (e.g. NoEmptyContinuation), unless its rule is skipped. */
    void addFromParser(BuildCheck c) {
        if (skipAll || skipped.contains(c.rule().toLowerCase(Locale.ROOT))) {
            return;
        }
        found.add(c);
    }

    List<BuildCheck> findings() {
        return List.copyOf(found);
    }

    /** {@code # check=error=true}: the findings fail the build. */
    boolean fatal() {
        return fatal && !found.isEmpty();
    }

    void clear() {
        found.clear();
    }
}
