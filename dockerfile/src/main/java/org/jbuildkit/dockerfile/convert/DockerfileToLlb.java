package org.jbuildkit.dockerfile.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jbuildkit.api.GoPath;
import org.jbuildkit.api.pb.Definition;
import org.jbuildkit.dockerfile.BuildCheck;
import org.jbuildkit.dockerfile.Conversion;
import org.jbuildkit.dockerfile.ConvertOptions;
import org.jbuildkit.dockerfile.DockerfileException;
import org.jbuildkit.dockerfile.ImageMetaResolver;
import org.jbuildkit.dockerfile.parser.DockerfileParser;
import org.jbuildkit.dockerfile.parser.ParsedDockerfile;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.LocalOptions;
import org.jbuildkit.llb.MarshalOptions;
import org.jbuildkit.llb.SourceMap;
import org.jbuildkit.llb.State;

/**
 * The Dockerfile frontend's conversion (upstream's {@code Dockerfile2LLB}): parse, check the directives, convert
 * the stages the target needs, and marshal the target with the Dockerfile as its source map.
 *
 * <p>The build context's {@code local.followpaths} depend on every COPY of the graph, so the stages are converted
 * twice: once to learn the paths, once with the context source that names them (upstream mutates the context's
 * output in place instead; the result is the same graph).
 */
public final class DockerfileToLlb {

    static final String CONTEXT = "context";

    private DockerfileToLlb() {
    }

    public static Conversion convert(byte[] dockerfile, ConvertOptions options, ImageMetaResolver resolver)
            throws DockerfileException, InterruptedException {
        ErrorFactory errors = new ErrorFactory(options.filename(), dockerfile);
        if (dockerfile.length == 0) {
            throw errors.general("the Dockerfile " + options.filename() + " is empty: add a FROM instruction");
        }
        FrontendOptions opts;
        try {
            opts = FrontendOptions.parse(options);
        } catch (FrontendOptions.InvalidOptionException e) {
            throw errors.general(e.getMessage());
        }
        ParsedDockerfile parsed = DockerfileParser.parse(dockerfile, options.filename());
        List<String> notes = new ArrayList<>();
        try {
            SyntaxDirective.check(parsed.directives().syntax()).ifPresent(notes::add);
        } catch (SyntaxDirective.UnsupportedSyntaxException e) {
            throw errors.general(e.getMessage());
        }
        SourceMap sourceMap = new SourceMap(options.filename(), dockerfile, "Dockerfile");
        BaseImageResolver images = new BaseImageResolver(resolver);

        BuildChecks firstChecks = new BuildChecks(parsed.directives().check());
        StageSplitter.Split firstSplit = StageSplitter.split(parsed.nodes(), firstChecks, errors);
        ConversionPass.Result first = new ConversionPass(opts, parsed, firstSplit, images, firstChecks, errors,
                sourceMap, Llb.local(CONTEXT), dockerfile).run();

        BuildChecks checks = new BuildChecks(parsed.directives().check());
        parsed.warnings().forEach(checks::addFromParser);
        StageSplitter.Split split = StageSplitter.split(parsed.nodes(), checks, errors);
        State context = Llb.local(CONTEXT, contextOptions(opts, first.contextPaths()));
        ConversionPass.Result result = new ConversionPass(opts, parsed, split, images, checks, errors, sourceMap,
                context, dockerfile).run();
        if (checks.fatal()) {
            throw errors.general("lint violation found for rules: " + String.join(", ",
                    checks.findings().stream().map(BuildCheck::rule).distinct().toList())
                    + " (fix them, or drop error=true from the # check= directive)");
        }
        Definition def = result.target().state.marshal(MarshalOptions.defaults()
                .withDefaultPlatform(opts.effectiveTargetPlatform()));
        return new Conversion(def, result.target().image.toJson(), checks.findings(), notes);
    }

    private static LocalOptions contextOptions(FrontendOptions opts, Set<String> paths) {
        LocalOptions lo = LocalOptions.defaults().withSharedKeyHint(CONTEXT)
                .withCustomName("[internal] load build context").withExcludePatterns(opts.contextExcludes());
        if (!opts.sessionId().isEmpty()) {
            lo = lo.withSessionId(opts.sessionId());
        }
        List<String> follow = followPaths(paths);
        return follow == null ? lo : lo.withFollowPaths(follow);
    }

    /** Upstream's {@code normalizeContextPaths}: relative, sorted; null when the whole context is read. */
    static List<String> followPaths(Set<String> paths) {
        Set<String> out = new TreeSet<>();
        for (String p : paths) {
            if (p.equals("/")) {
                return null;
            }
            String rel = GoPath.clean("./" + p);
            out.add(rel.startsWith("/") ? rel.substring(1) : rel);
        }
        return List.copyOf(out);
    }
}
