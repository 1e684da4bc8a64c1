package org.jbuildkit.session.filesync;

import io.grpc.Metadata;
import java.util.OptionalLong;

/**
 * What a client's sender reports about a transfer in the call's trailers (jbuildkit's buildctl does;
 * upstream's does not, so each count may be missing): entries it walked and listed, entries its ignore
 * rules excluded, and devices, fifos and sockets it skipped.
 */
public record SenderCounts(OptionalLong walked, OptionalLong excluded, OptionalLong skippedSpecial) {

    public static final Metadata.Key<String> WALKED = key("jbuildkit-walked");
    public static final Metadata.Key<String> EXCLUDED = key("jbuildkit-excluded");
    public static final Metadata.Key<String> SKIPPED_SPECIAL = key("jbuildkit-skipped-special");

    public static final SenderCounts UNKNOWN = new SenderCounts(OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty());

    /** The counts in a call's trailers; a missing or malformed one is unknown. */
    public static SenderCounts from(Metadata trailers) {
        if (trailers == null) {
            return UNKNOWN;
        }
        return new SenderCounts(number(trailers, WALKED), number(trailers, EXCLUDED), number(trailers, SKIPPED_SPECIAL));
    }

    /** Writes the counts into trailers (the sender's side). */
    public void into(Metadata trailers) {
        walked.ifPresent(n -> trailers.put(WALKED, Long.toString(n)));
        excluded.ifPresent(n -> trailers.put(EXCLUDED, Long.toString(n)));
        skippedSpecial.ifPresent(n -> trailers.put(SKIPPED_SPECIAL, Long.toString(n)));
    }

    private static OptionalLong number(Metadata trailers, Metadata.Key<String> key) {
        String value = trailers.get(key);
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static Metadata.Key<String> key(String name) {
        return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    }
}
