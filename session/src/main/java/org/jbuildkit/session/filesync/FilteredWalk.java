package org.jbuildkit.session.filesync;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jbuildkit.api.fsutil.Stat;
import org.jbuildkit.session.patternmatcher.MatchInfo;
import org.jbuildkit.session.patternmatcher.PathPattern;
import org.jbuildkit.session.patternmatcher.PatternMatcher;

/**
 * A {@link TreeWalk} that lists only what {@link FilterOptions} select, as upstream's {@code fsutil}
 * filter does, so ignored files never leave the machine: an entry outside the include patterns or
 * inside the exclude patterns is not listed; a directory that cannot hold anything selected is not
 * even entered; a directory that is entered but not itself selected is listed just before the first
 * selected entry inside it. Devices, fifos and sockets are never listed: each is reported once to
 * {@code warnings}. Symlinks are listed as symlinks. One walk per transfer; {@link #counts} after it.
 */
public final class FilteredWalk implements Walker {
    private static final String PATTERN_CHARS = "*[]?^\\";

    private final FilterOptions filter;
    private final PatternMatcher exclude;
    private final boolean onlyPrefixExcludeExceptions;
    private final UnaryOperator<Stat> mapper;
    private final Consumer<String> warnings;
    private long walked;
    private long excluded;
    private long skippedSpecial;

    private FilteredWalk(FilterOptions filter, UnaryOperator<Stat> mapper, Consumer<String> warnings) {
        this.filter = filter;
        this.exclude = matcher("excludepatterns", filter.excludePatterns());
        this.onlyPrefixExcludeExceptions = exclude == null || exclude.patterns().stream()
                .noneMatch(p -> p.exclusion() && hasPatternChars(p));
        this.mapper = mapper;
        this.warnings = warnings;
    }

    /**
     * A walk selecting by {@code filter}, stats passed through {@code mapper}; malformed patterns are
     * rejected here ({@link org.jbuildkit.session.patternmatcher.InvalidPatternException}).
     */
    public static FilteredWalk of(FilterOptions filter, UnaryOperator<Stat> mapper, Consumer<String> warnings) {
        FilteredWalk walk = new FilteredWalk(filter, mapper, warnings);
        matcher("includepatterns", filter.includePatterns());
        return walk;
    }

    /** What the last walk listed and kept back. */
    public TransferCounts counts() {
        return new TransferCounts(walked, excluded, skippedSpecial);
    }

    @Override
    public void walk(Path root, TreeWalk.Visitor visitor) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("cannot walk " + root + ": it is not a directory");
        }
        walked = 0;
        excluded = 0;
        skippedSpecial = 0;
        PatternMatcher include = matcher("includepatterns", includePatterns(root));
        boolean onlyPrefixIncludes = include == null || include.patterns().stream()
                .noneMatch(p -> !p.exclusion() && hasPatternChars(p));
        new Run(root, include, onlyPrefixIncludes, visitor).children(root, "", false);
    }

    /** The include patterns with the follow paths' resolved targets added, as upstream's NewFilterFS. */
    private List<String> includePatterns(Path root) throws IOException {
        List<String> patterns = new ArrayList<>(filter.includePatterns());
        if (!filter.followPaths().isEmpty()) {
            Optional<List<String>> targets = FollowLinks.resolve(root, filter.followPaths());
            if (targets.isPresent()) {
                patterns.addAll(targets.get());
                patterns = FollowLinks.dedupe(patterns).orElse(List.of());
            }
        }
        return patterns;
    }

    private static PatternMatcher matcher(String what, List<String> patterns) {
        if (patterns.isEmpty()) {
            return null;
        }
        try {
            PatternMatcher matcher = PatternMatcher.of(patterns);
            return matcher.isEmpty() ? null : matcher;
        } catch (IllegalArgumentException e) {
            throw new org.jbuildkit.session.patternmatcher.InvalidPatternException(
                    "invalid " + what + " " + patterns + ": " + e.getMessage());
        }
    }

    private static boolean hasPatternChars(PathPattern p) {
        return p.withoutTrailingGlob().chars().anyMatch(c -> PATTERN_CHARS.indexOf(c) >= 0);
    }

    /** Whether a pattern of the given kind (exception or not) names something inside {@code dir}. */
    private static boolean couldMatchInside(PatternMatcher matcher, boolean exceptions, String dir) {
        String dirSlash = dir + "/";
        return matcher.patterns().stream()
                .filter(p -> p.exclusion() == exceptions)
                .anyMatch(p -> (p.withoutTrailingGlob() + "/").startsWith(dirSlash));
    }

    /** A directory on the path from the root to the entry being looked at. */
    private static final class Dir {
        final Path file;
        final String path;
        final MatchInfo include;
        final MatchInfo exclude;
        boolean listed;

        Dir(Path file, String path, MatchInfo include, MatchInfo exclude, boolean listed) {
            this.file = file;
            this.path = path;
            this.include = include;
            this.exclude = exclude;
            this.listed = listed;
        }
    }

    /** One walk's state: the open directories and the stat reader (which remembers hardlinks). */
    private final class Run {
        private final Path root;
        private final PatternMatcher include;
        private final boolean onlyPrefixIncludes;
        private final TreeWalk.Visitor visitor;
        private final StatReader reader = new StatReader();
        private final Deque<Dir> open = new ArrayDeque<>();

        Run(Path root, PatternMatcher include, boolean onlyPrefixIncludes, TreeWalk.Visitor visitor) {
            this.root = root;
            this.include = include;
            this.onlyPrefixIncludes = onlyPrefixIncludes;
            this.visitor = visitor;
        }

        /** Lists {@code dir}; one that is not selected itself may be unreadable, as fsutil lets it be. */
        void children(Path dir, String prefix, boolean mayBeUnreadable) throws IOException {
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    names.add(entry.getFileName().toString());
                }
            } catch (AccessDeniedException e) {
                if (mayBeUnreadable) {
                    return;
                }
                throw new FileSyncException("cannot list " + dir + " to send it: permission denied; make it readable"
                        + " or leave it out with .dockerignore", e);
            }
            names.sort(TreeWalk.NAME_ORDER);
            for (String name : names) {
                entry(dir.resolve(name), prefix + name);
            }
        }

        private void entry(Path file, String path) throws IOException {
            int type;
            try {
                type = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & GoFileMode.S_IFMT;
            } catch (NoSuchFileException e) {
                return; // Removed since the listing, as fsutil skips it.
            }
            boolean isDir = type == GoFileMode.S_IFDIR;
            Dir parent = open.peekLast();
            boolean hidden = false;
            MatchInfo includeInfo = MatchInfo.NONE;
            MatchInfo excludeInfo = MatchInfo.NONE;
            if (include != null) {
                PatternMatcher.Result r = include.matchesUsingParentResults(path,
                        parent == null ? MatchInfo.NONE : parent.include);
                includeInfo = r.info();
                if (!r.matched()) {
                    if (isDir && onlyPrefixIncludes && !couldMatchInside(include, false, path)) {
                        excluded++;
                        return;
                    }
                    hidden = true;
                }
            }
            if (exclude != null) {
                PatternMatcher.Result r = exclude.matchesUsingParentResults(path,
                        parent == null ? MatchInfo.NONE : parent.exclude);
                excludeInfo = r.info();
                if (r.matched()) {
                    if (isDir && onlyPrefixExcludeExceptions
                            && (!exclude.exclusions() || !couldMatchInside(exclude, true, path))) {
                        excluded++;
                        return;
                    }
                    hidden = true;
                }
            }
            if (hidden) {
                excluded++;
            } else if (isSpecial(type)) {
                skippedSpecial++;
                warnings.accept("skipping " + kind(type) + " " + file + ": devices, fifos and sockets are not sent"
                        + " to the daemon");
                return;
            } else {
                Stat stat;
                try {
                    stat = reader.read(file, path);
                } catch (NoSuchFileException e) {
                    return;
                }
                listOpenDirs();
                list(file, stat);
            }
            if (isDir) {
                open.addLast(new Dir(file, path, includeInfo, excludeInfo, !hidden));
                try {
                    children(file, path + "/", hidden);
                } finally {
                    open.removeLast();
                }
            }
        }

        /** Lists the directories entered without being selected, now that something inside them is. */
        private void listOpenDirs() throws IOException {
            for (Dir dir : open) {
                if (!dir.listed) {
                    dir.listed = true;
                    excluded--;
                    list(dir.file, reader.read(dir.file, dir.path));
                }
            }
        }

        private void list(Path file, Stat stat) throws IOException {
            walked++;
            visitor.visit(file, mapper.apply(stat));
        }
    }

    private static boolean isSpecial(int type) {
        return type == GoFileMode.S_IFCHR || type == GoFileMode.S_IFBLK || type == GoFileMode.S_IFIFO
                || type == GoFileMode.S_IFSOCK;
    }

    private static String kind(int type) {
        return switch (type) {
            case GoFileMode.S_IFCHR -> "character device";
            case GoFileMode.S_IFBLK -> "block device";
            case GoFileMode.S_IFIFO -> "fifo";
            default -> "socket";
        };
    }
}
