import org.jbuildkit.llb.FileActions;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Run;
import org.jbuildkit.llb.State;

/**
 * COPY of the whole build context into an image, then a step reading it (for benchmarks; the same as
 * {@code FROM IMAGE / COPY . /ctx / RUN find /ctx -type f | wc -l}). Build with --local context=DIR.
 *
 *   java -cp "client/target/lib/*:client/target/classes" examples/ContextCopyLlb.java IMAGE | \
 *       bin/buildctl build --local context=DIR
 */
public final class ContextCopyLlb {
    public static void main(String[] args) throws Exception {
        State copied = Llb.image(args[0]).file(FileActions.copy(Llb.local("context"), "/", "/ctx/"));
        State counted = copied.run(Run.shell("find /ctx -type f | wc -l > /count")).root();
        System.out.write(counted.marshal().toByteArray());
        System.out.flush();
    }
}
