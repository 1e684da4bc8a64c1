import org.jbuildkit.llb.Llb;
import org.jbuildkit.llb.Run;
import org.jbuildkit.llb.State;

/**
 * A small LLB program, as upstream's Go examples are: a step on a base image and a second step that
 * reads the first one's result. Prints the marshaled definition for `buildctl build`.
 *
 *   java -cp "client/target/lib/*:client/target/classes" examples/HelloLlb.java 127.0.0.1:5000/busybox:latest \
 *     | bin/buildctl build --progress plain
 */
public final class HelloLlb {
    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "docker.io/library/busybox:latest";
        State image = Llb.image(base);
        State greeting = image.run(Run.shell("sleep 1; echo hello from $(uname -m) > /greeting")).root();
        State result = greeting.run(Run.shell("cat /greeting; ls -l /greeting")).root();
        System.out.write(result.marshal().toByteArray());
        System.out.flush();
    }
}
