package org.jbuildkit.dockerfile.parser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jbuildkit.dockerfile.BuildCheck;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.SourceRange;

/**
 * Parses Dockerfile text into instructions, as upstream's {@code frontend/dockerfile/parser}: parser directives at
 * the top, comments, line continuations (an empty continuation line is allowed with a {@code NoEmptyContinuation}
 * warning), each instruction's arguments split by its line parser ({@link Node}), and the here-documents of RUN, COPY
 * and ADD. The nodes are then checked as upstream's {@code instructions.Parse} checks them before any conversion
 * (unknown instructions, ENV/LABEL/ARG without names, ONBUILD triggers).
 */
public final class DockerfileParser {
    private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("run", "copy", "add");
    private static final String EMPTY_CONTINUATION_URL =
            "https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/";

    private final List<String> rawLines;
    private final List<String> lines;
    private final SourceErrors errors;
    private final DirectiveParser directives = new DirectiveParser();
    private final List<BuildCheck> warnings = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private List<String> comments = new ArrayList<>();
    private int next;
    private int currentLine;

    private DockerfileParser(byte[] source, String filename) {
        String text = new String(withoutBom(source), StandardCharsets.UTF_8);
        rawLines = scanLines(text);
        lines = rawLines.stream().map(GoText::trimNewline).toList();
        errors = new SourceErrors(filename, source, lines);
    }

    /**
     * Parses {@code source} (UTF-8, an optional BOM); {@code filename} is only used in messages.
     *
     * @throws DockerfileException naming {@code filename:line:column} with the offending line and a caret
     */
    public static ParsedDockerfile parse(byte[] source, String filename) throws DockerfileException {
        if (source.length == 0) {
            throw new SourceErrors(filename, source, List.of())
                    .whole("the Dockerfile " + filename + " is empty: add a FROM instruction");
        }
        DockerfileParser parser = new DockerfileParser(source, filename);
        parser.readAll();
        new InstructionChecks(parser.errors).check(parser.nodes);
        return new ParsedDockerfile(parser.directives.directives(), parser.nodes, parser.warnings);
    }

    private void readAll() throws DockerfileException {
        while (next < rawLines.size()) {
            String raw = rawLines.get(next++);
            if (isComment(raw)) {
                String comment = GoText.trim(raw.substring(1));
                if (comment.isEmpty()) {
                    comments = new ArrayList<>();
                } else {
                    comments.add(comment);
                }
            }
            String token = GoText.trimLeft(GoText.trimNewline(raw));
            if (directive(token) != null) {
                comments.remove(comments.size() - 1);
            }
            currentLine++;
            int startLine = currentLine;
            String first = isComment(token) ? "" : token;
            String stripped = directives.escape().stripContinuation(first);
            boolean endOfLine = stripped == null;
            if (endOfLine && first.isEmpty()) {
                continue;
            }
            StringBuilder line = new StringBuilder(endOfLine ? first : stripped);
            boolean emptyContinuation = false;
            while (!endOfLine && next < rawLines.size()) {
                String continued = rawLines.get(next++);
                String text = GoText.trimNewline(continued);
                directive(text);
                currentLine++;
                if (isComment(continued)) {
                    continue;
                }
                if (GoText.trimLeft(text).isEmpty()) {
                    emptyContinuation = true;
                    continue;
                }
                stripped = directives.escape().stripContinuation(text);
                endOfLine = stripped == null;
                line.append(endOfLine ? text : stripped);
            }
            if (emptyContinuation) {
                warnings.add(new BuildCheck("NoEmptyContinuation", "Empty continuation line",
                        "Empty continuation lines will become errors in a future release", EMPTY_CONTINUATION_URL,
                        List.of(SourceRange.line(currentLine))));
            }
            addNode(line.toString(), startLine);
        }
        if (nodes.isEmpty()) {
            int last = Math.max(currentLine, 1);
            throw errors.at(last, 0, last, "file with no instructions", "add a FROM instruction");
        }
    }

    /** Gives the directive parser the next line, {@code token}: that line as written less its leading blanks. */
    private DirectiveParser.Found directive(String token) throws DockerfileException {
        try {
            return directives.parseLine(token);
        } catch (LineException e) {
            int line = currentLine + 1;
            int indent = errors.line(line).length() - token.length();
            throw errors.at(line, e.column() < 0 ? -1 : indent + e.column(), line, e.what(), e.fix());
        }
    }

    private void addNode(String line, int startLine) throws DockerfileException {
        RawNode raw;
        try {
            raw = LineParsers.parseLine(line, directives.escape());
        } catch (LineException e) {
            throw errors.at(startLine, currentLine, e);
        }
        List<Heredoc> heredocs = List.of();
        if (canContainHeredoc(raw) && line.contains("<<")) {
            heredocs = readHeredocs(line, startLine);
        }
        nodes.add(raw.toNode(SourceRange.lines(startLine, currentLine), heredocs, comments));
        comments = new ArrayList<>();
    }

    private static boolean canContainHeredoc(RawNode node) {
        RawNode target = node.instruction().equals("onbuild") && node.child() != null ? node.child() : node;
        return HEREDOC_INSTRUCTIONS.contains(target.instruction()) && !target.json();
    }

    private List<Heredoc> readHeredocs(String line, int startLine) throws DockerfileException {
        List<Heredoc> heredocs = new ArrayList<>();
        String firstLine = lines.get(startLine - 1);
        int indent = firstLine.length() - GoText.trimLeft(firstLine).length();
        for (HeredocWords.Opening opening : HeredocWords.find(line)) {
            StringBuilder content = new StringBuilder();
            boolean terminated = false;
            boolean indentedTerminator = false;
            while (next < rawLines.size()) {
                String raw = rawLines.get(next++);
                currentLine++;
                String candidate = GoText.trimNewline(raw);
                if (opening.chomp()) {
                    candidate = stripLeadingTabs(candidate);
                }
                if (candidate.equals(opening.name())) {
                    terminated = true;
                    break;
                }
                indentedTerminator |= GoText.trim(candidate).equals(opening.name());
                content.append(opening.chomp() ? stripLeadingTabs(raw) : raw);
            }
            if (!terminated) {
                int column = indent + opening.column() < firstLine.length() ? indent + opening.column() : -1;
                String fix = indentedTerminator && !opening.chomp()
                        ? "its end line is indented: write <<-" + opening.name()
                                + " to allow leading tabs, or unindent the line holding " + opening.name()
                        : "end it with a line holding only " + opening.name();
                throw errors.at(startLine, column, currentLine, "unterminated heredoc " + opening.name(), fix);
            }
            heredocs.add(new Heredoc(opening.name(), content.toString(), opening.expand(), opening.chomp()));
        }
        return heredocs;
    }

    private static String stripLeadingTabs(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '\t') {
            i++;
        }
        return s.substring(i);
    }

    private static boolean isComment(String line) {
        return GoText.trimLeft(line).startsWith("#");
    }

    private static byte[] withoutBom(byte[] source) {
        if (source.length >= 3 && (source[0] & 0xFF) == 0xEF && (source[1] & 0xFF) == 0xBB
                && (source[2] & 0xFF) == 0xBF) {
            return Arrays.copyOfRange(source, 3, source.length);
        }
        return source;
    }

    /** The lines of {@code text}, each with its {@code \n} (the last one may have none). */
    private static List<String> scanLines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl + 1;
            out.add(text.substring(start, end));
            start = end;
        }
        return out;
    }
}
