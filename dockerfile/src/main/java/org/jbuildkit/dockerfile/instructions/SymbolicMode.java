package org.jbuildkit.dockerfile.instructions;

/**
 * The grammar of a symbolic file mode as upstream's {@code dchapes-mode} parses it (BSD {@code setmode}):
 * clauses separated by commas, each {@code [ugoa]*} followed by one or more {@code [+-=][rwxXstugo]*} actions.
 * Only the syntax is checked here; the daemon applies the mode.
 */
final class SymbolicMode {
    private SymbolicMode() {
    }

    static boolean isValid(String s) {
        int i = 0;
        while (true) {
            while (i < s.length() && "augo".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (i >= s.length()) {
                return false;
            }
            while (true) {
                char op = s.charAt(i++);
                if (op != '+' && op != '-' && op != '=') {
                    return false;
                }
                while (i < s.length() && "rstwXxugo".indexOf(s.charAt(i)) >= 0) {
                    i++;
                }
                if (i >= s.length()) {
                    return true;
                }
                if (s.charAt(i) == ',') {
                    i++;
                    break;
                }
            }
        }
    }
}
