package org.jbuildkit.daemon.source.local;

import org.jbuildkit.session.filesync.LocalDirCalls;
import org.jbuildkit.session.filesync.ReceiveReport;
import org.jbuildkit.session.filesync.SenderCounts;

/** The line a local transfer leaves in the build's progress: what was listed, excluded, sent, kept and deleted. */
final class TransferSummary {
    private TransferSummary() {
    }

    static String of(String name, LocalDirCalls.SyncResult sync) {
        ReceiveReport r = sync.received();
        SenderCounts s = sync.sender();
        StringBuilder line = new StringBuilder("local ").append(name).append(": ")
                .append(r.listed()).append(r.listed() == 1 ? " entry" : " entries").append(" listed by the client");
        s.excluded().ifPresent(n -> line.append(", ").append(n).append(" excluded by ignore rules"));
        long skipped = r.skipped() + s.skippedSpecial().orElse(0);
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
