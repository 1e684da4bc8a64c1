package org.jbuildkit.dockerfile.convert;

import java.util.Locale;
import java.util.Set;

/** STOPSIGNAL values moby's {@code signal.ParseSignal} accepts on Linux: a signal name (with or without SIG) or a number. */
final class Signals {

    private static final Set<String> NAMES = Set.of("ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP",
            "ILL", "INT", "IO", "IOT", "KILL", "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP",
            "SYS", "TERM", "TRAP", "TSTP", "TTIN", "TTOU", "UNUSED", "URG", "USR1", "USR2", "VTALRM", "WINCH",
            "XCPU", "XFSZ", "RTMIN", "RTMAX");

    private Signals() {
    }

    static boolean valid(String s) {
        try {
            int n = Integer.parseInt(s);
            return n > 0 && n <= 64;
        } catch (NumberFormatException e) {
            String name = s.toUpperCase(Locale.ROOT);
            if (name.startsWith("SIG")) {
                name = name.substring(3);
            }
            if (name.matches("RTMIN\\+\\d+|RTMAX-\\d+")) {
                return true;
            }
            return NAMES.contains(name);
        }
    }
}
