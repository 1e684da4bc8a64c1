package org.jbuildkit.daemon.frontend;

/**
 * A frontend the daemon runs itself (upstream's {@code frontend.Frontend}): it turns a request's attributes and
 * the client's files into the LLB definition to build, solving what it needs to read on the way through the bridge.
 */
interface Frontend {

    /**
     * The definition to build for {@code request}.
     *
     * @throws FrontendException for what the user got wrong, with the source lines when there are any
     */
    BuildDefinition solve(FrontendRequest request, FrontendBridge bridge) throws Exception;
}
