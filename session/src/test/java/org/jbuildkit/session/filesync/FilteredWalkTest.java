package org.jbuildkit.session.filesync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jbuildkit.session.patternmatcher.InvalidPatternException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the sender lists of a real directory for each kind of filter, and what it counts. */
class FilteredWalkTest {
    @TempDir
    Path root;
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void tree() throws IOException {
        for (String file : List.of("Dockerfile", "README.md", "app.log", "main.go", "src/main/App.java",
                "src/main/res/logo.png", "src/test/AppTest.java", "node_modules/keep/index.js",
                "node_modules/drop/index.js", "node_modules/drop/deep/x.js", "logs/a.log", "logs/keep/b.log",
                "docs/guide.md", "docs/README.md")) {
            Path path = root.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, file);
        }
    }

    private List<String> listing(FilterOptions filter) throws IOException {
        return listing(FilteredWalk.of(filter, UnaryOperator.identity(), warnings::add));
    }

    private List<String> listing(FilteredWalk walk) throws IOException {
        List<String> paths = new ArrayList<>();
        walk.walk(root, (file, stat) -> paths.add(stat.getPath()));
        return paths;
    }

    private static FilterOptions excluding(String... patterns) {
        return new FilterOptions(List.of(), List.of(patterns), List.of());
    }

    private static FilterOptions including(String... patterns) {
        return new FilterOptions(List.of(patterns), List.of(), List.of());
    }

    @Test
    void noFilterListsEverythingInWalkOrder() throws IOException {
        FilteredWalk walk = FilteredWalk.of(FilterOptions.NONE, UnaryOperator.identity(), warnings::add);
        List<String> all = new ArrayList<>();
        TreeWalk.plain().walk(root, (file, stat) -> all.add(stat.getPath()));
        assertThat(listing(walk)).containsExactlyElementsOf(all);
        assertThat(walk.counts()).isEqualTo(new TransferCounts(all.size(), 0, 0));
    }

    @Test
    void anExcludedDirectoryWithoutExceptionsIsNotEnteredAndCountsOnce() throws IOException {
        FilteredWalk walk = FilteredWalk.of(excluding("node_modules", "*.log"), UnaryOperator.identity(), warnings::add);
        List<String> listed = listing(walk);
        assertThat(listed).noneMatch(p -> p.startsWith("node_modules")).doesNotContain("app.log")
                .contains("logs", "logs/keep", "main.go");
        // As with Docker, *.log is the top level only.
        assertThat(listed).contains("logs/a.log", "logs/keep/b.log");
        // node_modules (1, not entered) + app.log
        assertThat(walk.counts().excluded()).isEqualTo(2);
        assertThat(walk.counts().walked()).isEqualTo(listed.size());
    }

    @Test
    void anExceptionReIncludesAFileInAnExcludedDirectoryAndItsParents() throws IOException {
        FilteredWalk walk = FilteredWalk.of(excluding("node_modules", "!node_modules/keep"), UnaryOperator.identity(),
                warnings::add);
        List<String> listed = listing(walk);
        assertThat(listed).containsSubsequence("main.go", "node_modules", "node_modules/keep",
                "node_modules/keep/index.js", "src");
        assertThat(listed).noneMatch(p -> p.startsWith("node_modules/drop"));
        // node_modules/drop is pruned: one entry for the whole directory.
        assertThat(walk.counts().excluded()).isEqualTo(1);
    }

    @Test
    void aWildcardExceptionMakesTheWalkEnterEveryExcludedDirectory() throws IOException {
        FilteredWalk walk = FilteredWalk.of(excluding("**", "!**/*.md"), UnaryOperator.identity(), warnings::add);
        assertThat(listing(walk)).containsExactly("README.md", "docs", "docs/README.md", "docs/guide.md");
        assertThat(walk.counts().walked()).isEqualTo(4);
        // Nothing could be pruned, so every other entry was looked at and counted on its own.
        List<String> all = new ArrayList<>();
        TreeWalk.plain().walk(root, (file, stat) -> all.add(stat.getPath()));
        assertThat(walk.counts().excluded()).isEqualTo(all.size() - 4);
    }

    @Test
    void docsExceptOneFile() throws IOException {
        assertThat(listing(excluding("docs", "!docs/README.md"))).contains("docs", "docs/README.md")
                .doesNotContain("docs/guide.md");
        assertThat(listing(excluding("/docs/", "!./docs/README.md"))).contains("docs", "docs/README.md")
                .doesNotContain("docs/guide.md");
    }

    @Test
    void includePatternsSelectPathsTheirParentsAndEverythingUnderThem() throws IOException {
        assertThat(listing(including("src/main"))).containsExactly("src", "src/main", "src/main/App.java",
                "src/main/res", "src/main/res/logo.png");
        assertThat(listing(including("Dockerfile", "docs/README.md"))).containsExactly("Dockerfile", "docs",
                "docs/README.md");
    }

    @Test
    void aWildcardIncludeIsMatchedPerPath() throws IOException {
        assertThat(listing(including("*.go", "**/*.java"))).containsExactly("main.go", "src", "src/main",
                "src/main/App.java", "src/test", "src/test/AppTest.java");
    }

    @Test
    void includeAndExcludeTogether() throws IOException {
        assertThat(listing(new FilterOptions(List.of("src"), List.of("**/test"), List.of())))
                .containsExactly("src", "src/main", "src/main/App.java", "src/main/res", "src/main/res/logo.png");
    }

    @Test
    void followPathsIncludeSymlinkTargetsAndTheLinksThemselves() throws IOException {
        Files.delete(root.resolve("Dockerfile"));
        Files.createDirectories(root.resolve("build/real"));
        Files.writeString(root.resolve("build/real/Dockerfile.prod"), "FROM scratch");
        Files.createSymbolicLink(root.resolve("Dockerfile"), Path.of("build/real/Dockerfile.prod"));
        Files.createSymbolicLink(root.resolve("build/dir-link"), Path.of("real"));
        // An absolute target is read inside the root, as upstream does.
        Files.createSymbolicLink(root.resolve("abs-link"), Path.of("/docs/README.md"));
        assertThat(listing(new FilterOptions(List.of("Dockerfile"), List.of(), List.of("Dockerfile"))))
                .containsExactly("Dockerfile", "build", "build/real", "build/real/Dockerfile.prod");
        assertThat(listing(new FilterOptions(List.of(), List.of(), List.of("abs-link", "build/dir-link/*.prod"))))
                .containsExactly("abs-link", "build", "build/dir-link", "build/real", "build/real/Dockerfile.prod",
                        "docs", "docs/README.md");
    }

    @Test
    void followPathsFindNothingOutsideTheRoot() throws IOException {
        Files.createSymbolicLink(root.resolve("escape"), Path.of("../../../etc/passwd"));
        assertThat(FollowLinks.resolve(root, List.of("escape"))).contains(List.of("escape", "etc/passwd"));
        assertThat(FollowLinks.resolve(root, List.of("."))).isEmpty();
    }

    @Test
    void symlinksAreListedNotFollowed() throws IOException {
        Files.createSymbolicLink(root.resolve("linked-src"), Path.of("src"));
        assertThat(listing(FilterOptions.NONE)).contains("linked-src").noneMatch(p -> p.startsWith("linked-src/"));
    }

    @Test
    void devicesFifosAndSocketsAreSkippedWithOneWarningEach() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("pipe").toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        Process mknod = new ProcessBuilder("mknod", root.resolve("null-dev").toString(), "c", "1", "3")
                .inheritIO().start();
        boolean device = mknod.waitFor() == 0;
        Path socket = root.resolve("docs/app.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            FilteredWalk walk = FilteredWalk.of(FilterOptions.NONE, UnaryOperator.identity(), warnings::add);
            List<String> listed = listing(walk);
            assertThat(listed).doesNotContain("pipe", "null-dev", "docs/app.sock").contains("docs/guide.md");
            assertThat(walk.counts().skippedSpecial()).isEqualTo(device ? 3 : 2);
            assertThat(warnings).contains(
                    "skipping fifo " + root.resolve("pipe") + ": devices, fifos and sockets are not sent to the daemon",
                    "skipping socket " + socket + ": devices, fifos and sockets are not sent to the daemon");
            if (device) {
                assertThat(warnings).contains("skipping character device " + root.resolve("null-dev")
                        + ": devices, fifos and sockets are not sent to the daemon");
            }

            // An ignored special file is just excluded: no warning for what the user chose to leave out.
            warnings.clear();
            FilteredWalk ignoring = FilteredWalk.of(excluding("pipe", "null-dev", "**/*.sock"),
                    UnaryOperator.identity(), warnings::add);
            listing(ignoring);
            assertThat(warnings).isEmpty();
            assertThat(ignoring.counts().skippedSpecial()).isZero();
        }
    }

    @Test
    void malformedPatternsAreRejectedBeforeTheWalkNamingTheList() {
        assertThatThrownBy(() -> FilteredWalk.of(excluding("ok", "bad["), UnaryOperator.identity(), warnings::add))
                .isInstanceOf(InvalidPatternException.class)
                .hasMessageContaining("invalid excludepatterns [ok, bad[]")
                .hasMessageContaining("is not closed");
    }
}
