import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Run;
import org.jbuildkit.llb.State;

/**
 * A chain of N RUN steps on a base image (for benchmarks): step i appends a line to /steps.
 *
 *   java -cp "client/target/lib/*:client/target/classes" examples/ChainLlb.java IMAGE N | bin/buildctl build
 */
public final class ChainLlb {
    public static void main(String[] args) throws Exception {
        State state = Llb.image(args[0]);
        int steps = Integer.parseInt(args[1]);
        for (int i = 1; i <= steps; i++) {
            state = state.run(Run.shell("echo step " + i + " >> /steps")).root();
        }
        System.out.write(state.marshal().toByteArray());
        System.out.flush();
    }
}
