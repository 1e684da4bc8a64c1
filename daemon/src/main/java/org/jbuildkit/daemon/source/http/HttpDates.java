package org.jbuildkit.daemon.source.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** HTTP dates as Go's {@code http.ParseTime} reads them (RFC 1123, RFC 850, ANSI C) and writes them. */
final class HttpDates {
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final List<DateTimeFormatter> ACCEPTED = List.of(
            RFC_1123,
            DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC),
            DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC),
            DateTimeFormatter.RFC_1123_DATE_TIME);

    private HttpDates() {
    }

    static Optional<Instant> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.strip().replaceAll("\\s+", " ");
        for (DateTimeFormatter format : ACCEPTED) {
            try {
                return Optional.of(ZonedDateTime.parse(text, format).toInstant());
            } catch (DateTimeParseException e) {
                // try the next format
            }
        }
        return Optional.empty();
    }

    /** {@code Mon, 02 Jan 2006 15:04:05 GMT}, Go's {@code http.TimeFormat}. */
    static String format(Instant at) {
        return RFC_1123.format(at);
    }
}
