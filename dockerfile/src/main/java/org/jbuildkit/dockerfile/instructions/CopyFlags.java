package org.jbuildkit.dockerfile.instructions;

import java.util.List;
import java.util.Optional;

/**
 * The flags of COPY or ADD as written (upstream's {@code CopyCommand}/{@code AddCommand} fields). Strings are
 * "" when not given. {@code chown}, {@code chmod} and {@code checksum} may hold variables: the converter expands
 * them (upstream's {@code Expand}) and then calls {@link #chownSpec(String)} and {@link #chmodSpec(String)} on the
 * results. {@code keepGitDir} and {@code unpack} (ADD only) are null when not written, so the converter can apply
 * its own default (upstream: keep-git-dir false; unpack true for local archives, false for URLs).
 */
public record CopyFlags(boolean add, String from, String chown, String chmod, boolean link, boolean parents,
        List<String> excludes, String checksum, Boolean keepGitDir, Boolean unpack) {

    public CopyFlags {
        excludes = List.copyOf(excludes);
    }

    /** COPY's flags: --from, --chown, --chmod, --link, --parents, --exclude. */
    public static CopyFlags parseCopy(List<String> flags) throws InstructionFlagException {
        ParsedFlags f = InstructionFlags.of("COPY").parse(flags);
        return new CopyFlags(false, f.string("from"), f.string("chown"), f.string("chmod"), f.bool("link"),
                f.bool("parents"), f.strings("exclude"), "", null, null);
    }

    /** ADD's flags: --chown, --chmod, --link, --keep-git-dir, --checksum, --unpack, --exclude. */
    public static CopyFlags parseAdd(List<String> flags) throws InstructionFlagException {
        ParsedFlags f = InstructionFlags.of("ADD").parse(flags);
        return new CopyFlags(true, "", f.string("chown"), f.string("chmod"), f.bool("link"), false,
                f.strings("exclude"), f.string("checksum"), optionalBool(f, "keep-git-dir"),
                optionalBool(f, "unpack"));
    }

    /** The owner for an expanded {@code --chown} value; empty when it is "" (no chown). */
    public static Optional<ChownSpec> chownSpec(String expandedChown) {
        return expandedChown.isEmpty() ? Optional.empty() : Optional.of(ChownSpec.parse(expandedChown));
    }

    /** The mode for an expanded {@code --chmod} value; empty when it is "" (no chmod). */
    public static Optional<Chmod> chmodSpec(String expandedChmod) throws InstructionFlagException {
        return expandedChmod.isEmpty() ? Optional.empty() : Optional.of(Chmod.parse(expandedChmod));
    }

    /**
     * Upstream's checks of an expanded {@code --checksum} against the sources (in {@code dispatchCopy}): one
     * source, and it is an HTTP(S) or Git source, which the converter decides.
     */
    public static void checkChecksum(String expandedChecksum, List<String> sources, boolean httpOrGitSource)
            throws InstructionFlagException {
        if (expandedChecksum.isEmpty()) {
            return;
        }
        if (sources.size() != 1) {
            throw new InstructionFlagException("checksum can't be specified for multiple sources (give --checksum"
                    + " to an ADD of one URL)");
        }
        if (!httpOrGitSource) {
            throw new InstructionFlagException("checksum requires HTTP(S) or Git sources (a local file is"
                    + " already pinned by the context)");
        }
    }

    private static Boolean optionalBool(ParsedFlags f, String name) {
        return f.isUsed(name) ? f.bool(name) : null;
    }
}
