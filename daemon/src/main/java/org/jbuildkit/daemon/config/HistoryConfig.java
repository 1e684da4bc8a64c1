package org.jbuildkit.daemon.config;

import java.time.Duration;

/**
 * {@code [history]}: how long records of finished builds are kept. A record is deleted once it is
 * both beyond the newest {@code maxEntries} and older than {@code maxAge}.
 */
public record HistoryConfig(Duration maxAge, long maxEntries) {
}
