package org.jbuildkit.daemon.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A mode as chmod(1) writes it ({@code u+x}, {@code go-w}, {@code a=rX,u+w}, {@code g=u}, or octal), applied to
 * each copied file's own mode: a COPY {@code --chmod} that is not a plain octal number (LLB
 * {@code FileActionCopy.modeStr}). The semantics are upstream's ({@code dchapes-mode}, BSD {@code setmode} with
 * umask 0): clauses apply in order; {@code X} adds execute only to directories and to files that had an execute
 * bit before the whole mode was applied; {@code s} and {@code t} are ignored for {@code o} alone.
 */
final class SymbolicFileMode {
    private static final int SUID = 04000;
    private static final int SGID = 02000;
    private static final int STICKY = 01000;
    private static final int USER = 0700;
    private static final int GROUP = 0070;
    private static final int OTHER = 0007;
    private static final int STANDARD = SUID | SGID | 0777;
    /** With no who letter, upstream's mask ({@code ~umask}, umask 0) lets every bit through. */
    private static final int ALL = 07777;

    /** One step: clear or set bits, set execute bits conditionally, or copy one class's bits to others. */
    private sealed interface Step permits Clear, Set, SetIfExecutable, CopyClass {
        /** The mode after this step, from the mode so far, the mode before any step, and whether it is a dir. */
        int apply(int mode, int original, boolean directory);
    }

    private record Clear(int bits) implements Step {
        @Override
        public int apply(int mode, int original, boolean directory) {
            return mode & ~bits;
        }
    }

    private record Set(int bits) implements Step {
        @Override
        public int apply(int mode, int original, boolean directory) {
            return mode | bits;
        }
    }

    private record SetIfExecutable(int bits) implements Step {
        @Override
        public int apply(int mode, int original, boolean directory) {
            return (original & 0111) != 0 || directory ? mode | bits : mode;
        }
    }

    /** Copies class {@code from} (a shift: 6 user, 3 group, 0 other) to the classes in {@code to}, within mask. */
    private record CopyClass(int from, List<Integer> to, char op, int mask) implements Step {
        @Override
        public int apply(int mode, int original, boolean directory) {
            int value = (mode >> from) & 07;
            boolean set = op != '-';
            boolean clear = op != '+';
            int clearValue = set ? 07 : value;
            int m = mode;
            for (int shift : to) {
                if (clear) {
                    m &= ~((clearValue << shift) & mask);
                }
                if (set) {
                    m |= (value << shift) & mask;
                }
            }
            return m;
        }
    }

    private final List<Step> steps;

    private SymbolicFileMode(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /** The mode for {@code spec}, or empty when its syntax is not chmod's. */
    static Optional<SymbolicFileMode> parse(String spec) {
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        if (spec.charAt(0) >= '0' && spec.charAt(0) <= '9') {
            return octal(spec);
        }
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (true) {
            int who = 0;
            for (; i < spec.length() && "augo".indexOf(spec.charAt(i)) >= 0; i++) {
                who |= switch (spec.charAt(i)) {
                    case 'a' -> STANDARD;
                    case 'u' -> SUID | USER;
                    case 'g' -> SGID | GROUP;
                    default -> OTHER;
                };
            }
            if (i >= spec.length()) {
                return Optional.empty();
            }
            while (true) {
                char op = spec.charAt(i++);
                if (op != '+' && op != '-' && op != '=') {
                    return Optional.empty();
                }
                who &= ~STICKY;
                int perm = 0;
                int permX = 0;
                boolean equalDone = false;
                for (;; i++) {
                    char c = i < spec.length() ? spec.charAt(i) : 0;
                    switch (c) {
                        case 'r' -> perm |= 0444;
                        case 'w' -> perm |= 0222;
                        case 'x' -> perm |= 0111;
                        case 'X' -> {
                            if (op == '-') {
                                perm |= 0111;
                            } else {
                                permX = 0111;
                            }
                        }
                        case 's' -> {
                            if (who == 0 || (who & ~OTHER) != 0) {
                                perm |= SUID | SGID;
                            }
                        }
                        case 't' -> {
                            if (who == 0 || (who & ~OTHER) != 0) {
                                who |= STICKY;
                                perm |= STICKY;
                            }
                        }
                        case 'u', 'g', 'o' -> {
                            if (perm != 0) {
                                add(steps, op, who, perm);
                                perm = 0;
                            }
                            if (op == '=') {
                                equalDone = true;
                            }
                            if (permX != 0) {
                                steps.add(new SetIfExecutable(within(who, permX)));
                                permX = 0;
                            }
                            steps.add(copy(c, who, op));
                        }
                        default -> {
                            if (perm != 0 || (op == '=' && !equalDone)) {
                                add(steps, op, who, perm);
                            }
                            if (permX != 0) {
                                steps.add(new SetIfExecutable(within(who, permX)));
                            }
                        }
                    }
                    if ("rwxXstugo".indexOf(c) < 0 || c == 0) {
                        break;
                    }
                }
                if (i >= spec.length()) {
                    return Optional.of(new SymbolicFileMode(steps));
                }
                if (spec.charAt(i) == ',') {
                    i++;
                    break;
                }
            }
        }
    }

    /** The mode a file with permission bits {@code mode} (07777) gets; {@code directory} for {@code X}. */
    int apply(int mode, boolean directory) {
        int original = mode & 07777;
        int m = original;
        for (Step s : steps) {
            m = s.apply(m, original, directory);
        }
        return m & 07777;
    }

    private static Optional<SymbolicFileMode> octal(String spec) {
        String digits = spec.replaceFirst("^0+(?=.)", "");
        if (!digits.matches("[0-7]{1,4}")) {
            return Optional.empty();
        }
        int v = Integer.parseInt(digits, 8);
        if ((v & ~07777) != 0) {
            return Optional.empty();
        }
        return Optional.of(new SymbolicFileMode(List.of(new Clear(07777), new Set(v))));
    }

    private static void add(List<Step> steps, char op, int who, int perm) {
        switch (op) {
            case '+' -> steps.add(new Set(within(who, perm)));
            case '-' -> steps.add(new Clear(within(who, perm)));
            default -> {
                steps.add(new Clear(who != 0 ? who : STANDARD));
                steps.add(new Set(within(who, perm)));
            }
        }
    }

    private static int within(int who, int bits) {
        return (who != 0 ? who : ALL) & bits;
    }

    private static CopyClass copy(char from, int who, char op) {
        int shift = from == 'u' ? 6 : from == 'g' ? 3 : 0;
        List<Integer> to = new ArrayList<>();
        if (who == 0 || (who & 0400) != 0) {
            to.add(6);
        }
        if (who == 0 || (who & 0040) != 0) {
            to.add(3);
        }
        if (who == 0 || (who & 0004) != 0) {
            to.add(0);
        }
        return new CopyClass(shift, to, op, ALL);
    }
}
