package org.jbuildkit.e2e.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.jbuildkit.e2e.fixtures.CommandResult;
import org.junit.jupiter.api.Test;

/** How the cache tests read plain progress: a step is CACHED when any of its vertex ids ended so. */
class CacheBuildsTest {
    private static final CommandResult LOG = new CommandResult(0, "", """
            #3 [internal] load metadata for 127.0.0.1:5000/busybox:latest
            #3 DONE 0.0s

            #5 [builder 1/3] FROM 127.0.0.1:5000/busybox:latest@sha256:f1df
            #5 CACHED

            #6 [builder 2/3] RUN echo probe > /stamp
            #6 0.120 CACHED is not the end of a line that says so
            #6 DONE 0.2s

            #8 [stage-1 2/4] COPY --from=builder /stamp /stamp
            #8 CACHED

            #9 [3/3] RUN cat /app.txt > /final
            #9 ...

            #9 [3/3] RUN cat /app.txt > /final
            #9 CACHED
            """);

    @Test
    void stepsAreTheBracketedDockerfileVerticesWithWhetherTheyEndedCached() {
        assertThat(CacheBuilds.steps(LOG)).containsExactly(
                java.util.Map.entry("[builder 1/3] FROM 127.0.0.1:5000/busybox:latest@sha256:f1df", true),
                java.util.Map.entry("[builder 2/3] RUN echo probe > /stamp", false),
                java.util.Map.entry("[stage-1 2/4] COPY --from=builder /stamp /stamp", true),
                java.util.Map.entry("[3/3] RUN cat /app.txt > /final", true));
    }

    @Test
    void notCachedKeepsOnlyTheStepsNamedAndThoseThatRan() {
        assertThat(CacheBuilds.notCached(LOG)).containsExactly("[builder 2/3] RUN echo probe > /stamp");
        assertThat(CacheBuilds.notCached(LOG, "[stage-1 ")).isEmpty();
        assertThat(CacheBuilds.stepsNamed(LOG, "RUN")).hasSize(2);
    }
}
