package org.jbuildkit.client.output;

import com.google.protobuf.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jbuildkit.api.control.UsageRecord;

/** Renders {@code buildctl du} and {@code buildctl prune} records in upstream's layout. */
public final class UsageListing {
    private UsageListing() {
    }

    public static void tableHeader(TabWriter tw) {
        tw.println("ID\tRECLAIMABLE\tSIZE\tLAST ACCESSED");
    }

    public static void tableRow(TabWriter tw, UsageRecord record, Instant now) {
        String id = record.getID() + (record.getMutable() ? "*" : "");
        String size = GoFormat.bytesFixed(record.getSize()) + (record.getShared() ? "*" : "");
        String lastAccessed = record.hasLastUsedAt()
                ? humanDuration(Duration.between(instant(record.getLastUsedAt()), now)) + " ago"
                : "";
        tw.println(String.format(Locale.ROOT, "%-71s\t%-11s\t%s\t%s", id, !record.getInUse(), size, lastAccessed));
    }

    public static void verbose(TabWriter tw, UsageRecord record) {
        tw.println("ID:\t" + record.getID());
        if (record.getParentsCount() > 0) {
            tw.println("Parents:\t" + String.join(";", record.getParentsList()));
        }
        tw.println("Created at:\t" + GoFormat.time(instant(record.getCreatedAt())));
        tw.println("Mutable:\t" + record.getMutable());
        tw.println("Reclaimable:\t" + !record.getInUse());
        tw.println("Shared:\t" + record.getShared());
        tw.println("Size:\t" + GoFormat.bytesFixed(record.getSize()));
        if (!record.getDescription().isEmpty()) {
            tw.println("Description:\t" + record.getDescription());
        }
        tw.println("Usage count:\t" + record.getUsageCount());
        if (record.hasLastUsedAt()) {
            tw.println("Last used:\t" + GoFormat.time(instant(record.getLastUsedAt())));
        }
        if (!record.getRecordType().isEmpty()) {
            tw.println("Type:\t" + record.getRecordType());
        }
        tw.println("");
    }

    /** The totals upstream prints under {@code buildctl du}. */
    public static String summary(List<UsageRecord> records) {
        long shared = 0;
        long reclaimable = 0;
        long total = 0;
        for (UsageRecord record : records) {
            if (record.getShared()) {
                shared += record.getSize();
            }
            if (!record.getInUse()) {
                reclaimable += record.getSize();
            }
            total += record.getSize();
        }
        TabWriter tw = TabWriter.upstream();
        if (shared > 0) {
            tw.println("Shared:\t" + GoFormat.bytesFixed(shared));
            tw.println("Private:\t" + GoFormat.bytesFixed(total - shared));
        }
        tw.println("Reclaimable:\t" + GoFormat.bytesFixed(reclaimable));
        tw.println("Total:\t" + GoFormat.bytesFixed(total));
        return tw.render();
    }

    /** docker/go-units' HumanDuration: "Less than a second", "5 seconds", "About a minute", "3 hours"… */
    static String humanDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(d.toSeconds() / 3600.0);
        if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return hours / 24 / 365 + " years";
    }

    static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
