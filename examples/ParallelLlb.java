import java.util.ArrayList;
import java.util.List;
import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Mount;
import org.jbuildkit.llb.Run;
import org.jbuildkit.llb.State;

/**
 * N independent branches on a base image, each sleeping S seconds and writing a file, read by one
 * final step (for benchmarks of parallel execution). NONCE makes every run's steps new.
 *
 *   java -cp "client/target/lib/*:client/target/classes" examples/ParallelLlb.java IMAGE N S NONCE | bin/buildctl build
 */
public final class ParallelLlb {
    public static void main(String[] args) throws Exception {
        State base = Llb.image(args[0]);
        int branches = Integer.parseInt(args[1]);
        String seconds = args[2];
        String nonce = args[3];
        List<Mount> mounts = new ArrayList<>();
        for (int i = 1; i <= branches; i++) {
            State branch = base.run(Run.shell("sleep " + seconds + "; mkdir -p /out; echo " + i + " " + nonce
                    + " > /out/" + i)).root();
            mounts.add(Mount.bind("/in/b" + i, branch).readOnly().withSelector("/out"));
        }
        Run last = Run.shell("cat /in/*/* | wc -l");
        for (Mount mount : mounts) {
            last = last.withMount(mount);
        }
        System.out.write(base.run(last).root().marshal().toByteArray());
        System.out.flush();
    }
}
