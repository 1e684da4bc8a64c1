package org.jbuildkit.session.manager;

import io.grpc.Channel;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** An active session as the daemon sees it: a gRPC channel to the services its client serves. */
public interface Caller {

    String id();

    String name();

    String sharedKey();

    /** Whether the client advertised this method URL ({@code /pkg.Service/Method}); case-insensitive, as upstream. */
    boolean supports(String methodUrl);

    /** The advertised method URLs, as sent. */
    Set<String> methods();

    /** Calls made on this channel are served by the client, through the session's stream. */
    Channel channel();

    /** Completes, with the reason, when the session has ended and every {@link SessionListener} was told. */
    CompletableFuture<String> closed();
}
