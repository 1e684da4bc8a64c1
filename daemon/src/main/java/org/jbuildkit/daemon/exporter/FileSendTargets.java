package org.jbuildkit.daemon.exporter;

import org.jbuildkit.session.filesync.FileSendMethods;
import org.jbuildkit.session.manager.Caller;

/** The check every output written by the client needs: its session serves a FileSend target. */
final class FileSendTargets {
    private FileSendTargets() {
    }

    static void require(Caller session, String type) throws ExporterException {
        if (!session.supports(FileSendMethods.URL)) {
            throw new ExporterException("output type " + type + " is written by the client, but the client of"
                    + " session " + session.id() + " serves no FileSend target (" + FileSendMethods.URL + "); use a"
                    + " client that attaches one for its --output, as buildctl does");
        }
    }
}
