package org.jbuildkit.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a COPY of a missing path says, for a local context and for any other source. */
class MissingCopySourceTest {
    private final MissingCopySource context = new MissingCopySource(Optional.of(new LocalContexts.LocalContext(
            "context", List.of(), List.of("**/*.log", "build", "!build/keep.txt"))));

    @Test
    void aPathClimbingOutOfALocalContextIsNamedAsOutsideIt() {
        assertThat(context.outside("../secret")).get().extracting(Throwable::getMessage).asString()
                .contains("copy ../secret: the path lies outside the build context \"context\"")
                .contains("--local context=DIR");
        assertThat(context.outside("a/../../b")).isPresent();
        assertThat(context.outside("a/../b")).isEmpty();
        assertThat(context.outside("./a/./b/..")).isEmpty();
        // Other sources clamp .. at their root, as upstream does.
        assertThat(MissingCopySource.UNKNOWN.outside("../x")).isEmpty();
    }

    @Test
    void anExcludedPathNamesThePatternThatExcludedIt() throws Exception {
        assertThat(context.notFound("/logs/today.log").getMessage())
                .contains("\"logs/today.log\" is excluded from the build context \"context\"")
                .contains("pattern \"**/*.log\"");
        assertThat(context.notFound("/build/out.o").getMessage()).contains("pattern \"build\"");
        assertThat(context.notFound("/build/keep.txt").getMessage()).contains("does not exist in the build context");
        assertThat(context.notFound("/src/x.c").getMessage()).contains("\"src/x.c\" does not exist");
        assertThat(MissingCopySource.UNKNOWN.notFound("/x").getMessage()).contains("not found in the source");
    }
}
