package org.jbuildkit.daemon.source.local;

import org.jbuildkit.session.filesync.LocalDirCalls;
import org.jbuildkit.session.filesync.ReceiveReport;
import org.jbuildkit.session.filesync.TransferCounts;

/** The line a local transfer leaves in the build's progress: what was listed, excluded, sent, kept and deleted. */
final class TransferSummary {
    private TransferSummary() {
    }

    static String of(String name, LocalDirCalls.SyncResult sync) {
        ReceiveReport r = sync.received();
        StringBuilder line = new StringBuilder("local ").append(name).append(": ")
                .append(r.listed()).append(r.listed() == 1 ? " entry" : " entries").append(" listed by the client");
        sync.sender().ifPresent(s -> line.append(", ").append(s.excluded()).append(" excluded by ignore rules"));
        long skipped = r.skipped() + sync.sender().map(TransferCounts::skippedSpecial).orElse(0L);
        if (skipped > 0) {
            line.append(", ").append(skipped).append(" special files skipped");
        }
        line.append("; ").append(r.requested()).append(r.requested() == 1 ? " file" : " files").append(" sent (")
                .append(r.bytes()).append(" bytes on the wire), ").append(r.kept()).append(" unchanged");
        if (r.deleted() > 0) {
            line.append(", ").append(r.deleted()).append(" deleted");
        }
        return line.toString();
    }
}
