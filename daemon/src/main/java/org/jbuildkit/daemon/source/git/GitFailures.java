package org.jbuildkit.daemon.source.git;

import java.util.List;
import java.util.Locale;

/** Turns git's stderr into the part worth showing and the fix that matches it. */
final class GitFailures {
    private static final int SHOWN_LINES = 4;

    private GitFailures() {
    }

    /** The last few non-empty lines git printed, joined; "(no output)" when it said nothing. */
    static String lastLines(String stderr) {
        List<String> lines = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return "(no output)";
        }
        return String.join(" / ", lines.subList(Math.max(0, lines.size() - SHOWN_LINES), lines.size()));
    }

    /** The fix for a failed talk with a remote, from what git said. */
    static String fixFor(String stderr) {
        String said = stderr.toLowerCase(Locale.ROOT);
        if (said.contains("could not resolve host") || said.contains("unable to look up")
                || said.contains("name or service not known")) {
            return "check the remote's host name; the daemon's host cannot resolve it";
        }
        if (said.contains("connection refused") || said.contains("unable to connect") || said.contains("timed out")
                || said.contains("couldn't connect") || said.contains("failed to connect")) {
            return "check that the remote is up and reachable from the daemon's host (address, port, firewall)";
        }
        if (said.contains("certificate") || said.contains("ssl")) {
            return "make the daemon trust the remote's certificate (SSL_CERT_FILE or SSL_CERT_DIR in its environment,"
                    + " or the system trust store)";
        }
        if (said.contains("authentication") || said.contains("terminal prompts disabled")
                || said.contains("permission denied") || said.contains("could not read username")) {
            return "the remote needs credentials, which this daemon does not send yet; use a remote it can read"
                    + " anonymously";
        }
        if (said.contains("does not appear to be a git repository") || said.contains("not found")
                || said.contains("repository") && said.contains("not exported")) {
            return "check the remote's path: there is no repository there";
        }
        return "check the remote URL and that `git ls-remote <remote>` works from the daemon's host";
    }
}
