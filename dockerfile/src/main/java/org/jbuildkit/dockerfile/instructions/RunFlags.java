package org.jbuildkit.dockerfile.instructions;

import java.util.ArrayList;
import java.util.List;
import org.jbuildkit.dockerfile.shell.ShellLex.ShellSyntaxException;

/**
 * The flags of one RUN, parsed and checked as upstream's {@code parseRun} and its mount, network, security and
 * device hooks: {@code --mount} (repeatable, see {@link RunMountParser}), {@code --network}, {@code --security},
 * {@code --device} (repeatable). {@code flagsUsed} is upstream's {@code FlagsUsed}, in the order written.
 * Only the mount values are expanded, field by field with {@code expander}; network, security and device values
 * are taken as written, as upstream does.
 */
public record RunFlags(List<RunMount> mounts, NetworkMode network, SecurityFlag security, List<RunDevice> devices,
        List<String> flagsUsed) {

    public RunFlags {
        mounts = List.copyOf(mounts);
        devices = List.copyOf(devices);
        flagsUsed = List.copyOf(flagsUsed);
    }

    public static RunFlags parse(List<String> flags, WordExpander expander)
            throws InstructionFlagException, ShellSyntaxException {
        ParsedFlags f = InstructionFlags.of("RUN").parse(flags);
        List<String> mountValues = f.strings("mount");
        for (String value : mountValues) {
            RunMountParser.checkBeforeExpansion(value);
        }
        NetworkMode network = NetworkMode.parse(f.string("network"));
        SecurityFlag security = SecurityFlag.parse(f.string("security"));
        List<RunDevice> devices = new ArrayList<>();
        for (String value : f.strings("device")) {
            devices.add(RunDevice.parse(value));
        }
        List<RunMount> mounts = new ArrayList<>();
        for (String value : mountValues) {
            mounts.add(RunMountParser.parse(value, expander));
        }
        return new RunFlags(mounts, network, security, devices, f.used());
    }
}
