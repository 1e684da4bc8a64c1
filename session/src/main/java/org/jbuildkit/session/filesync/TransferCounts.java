package org.jbuildkit.session.filesync;

import io.grpc.Metadata;
import java.util.Optional;

/**
 * What a client's FileSync sender did with a directory, sent to the daemon as trailers of the
 * {@code DiffCopy} call (upstream daemons ignore them): entries sent in the listing, entries the
 * include/exclude rules kept back, and devices, fifos and sockets skipped. An excluded directory the
 * sender did not need to enter counts as one entry, whatever it holds: counting its content would
 * mean walking exactly the tree the ignore rules exist to avoid.
 */
public record TransferCounts(long walked, long excluded, long skippedSpecial) {
    public static final Metadata.Key<String> WALKED = key("jbuildkit-walked");
    public static final Metadata.Key<String> EXCLUDED = key("jbuildkit-excluded");
    public static final Metadata.Key<String> SKIPPED_SPECIAL = key("jbuildkit-skipped-special");

    public Metadata toTrailers() {
        Metadata trailers = new Metadata();
        trailers.put(WALKED, Long.toString(walked));
        trailers.put(EXCLUDED, Long.toString(excluded));
        trailers.put(SKIPPED_SPECIAL, Long.toString(skippedSpecial));
        return trailers;
    }

    /** The counts in a call's trailers; empty when the client did not send them (upstream's buildctl) or garbled them. */
    public static Optional<TransferCounts> fromTrailers(Metadata trailers) {
        if (trailers == null) {
            return Optional.empty();
        }
        try {
            String walked = trailers.get(WALKED);
            String excluded = trailers.get(EXCLUDED);
            String special = trailers.get(SKIPPED_SPECIAL);
            if (walked == null || excluded == null || special == null) {
                return Optional.empty();
            }
            return Optional.of(new TransferCounts(Long.parseLong(walked.trim()), Long.parseLong(excluded.trim()),
                    Long.parseLong(special.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Metadata.Key<String> key(String name) {
        return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    }
}
