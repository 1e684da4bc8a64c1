package org.jbuildkit.daemon.cache.remote;

/** A cache export or import asked for in a way this daemon cannot do: the message says what and how to fix it. */
public final class CacheOptionsException extends Exception {

    public CacheOptionsException(String message) {
        super(message);
    }
}
