package org.jbuildkit.daemon.worker.executor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The rlimits Linux knows: short ulimit name, its row title in /proc/self/limits. */
final class RlimitTable {
    private static final Map<String, String> TITLES = new LinkedHashMap<>();

    static {
        TITLES.put("cpu", "Max cpu time");
        TITLES.put("fsize", "Max file size");
        TITLES.put("data", "Max data size");
        TITLES.put("stack", "Max stack size");
        TITLES.put("core", "Max core file size");
        TITLES.put("rss", "Max resident set");
        TITLES.put("nproc", "Max processes");
        TITLES.put("nofile", "Max open files");
        TITLES.put("memlock", "Max locked memory");
        TITLES.put("as", "Max address space");
        TITLES.put("locks", "Max file locks");
        TITLES.put("sigpending", "Max pending signals");
        TITLES.put("msgqueue", "Max msgqueue size");
        TITLES.put("nice", "Max nice priority");
        TITLES.put("rtprio", "Max realtime priority");
        TITLES.put("rttime", "Max realtime timeout");
    }

    private RlimitTable() {
    }

    static boolean knows(String name) {
        return TITLES.containsKey(name);
    }

    static Set<String> names() {
        return TITLES.keySet();
    }

    static Map<String, String> titles() {
        return TITLES;
    }
}
