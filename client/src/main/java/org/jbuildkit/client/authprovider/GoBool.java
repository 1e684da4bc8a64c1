package org.jbuildkit.client.authprovider;

import java.util.Set;

/** Go's {@code strconv.ParseBool} true values, which upstream's buildctl uses for its switches. */
final class GoBool {

    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");

    private GoBool() {}

    static boolean isTrue(String value) {
        return value != null && TRUE.contains(value);
    }
}
