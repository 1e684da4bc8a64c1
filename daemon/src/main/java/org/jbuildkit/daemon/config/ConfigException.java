package org.jbuildkit.daemon.config;

/**
 * The configuration cannot be used: the file is missing, not TOML, or a value has the wrong
 * type or is out of range. The message names the place ({@code file:line:column} and key, or the
 * flag), what was expected and what was found; {@link #fix()} says what to change.
 */
public final class ConfigException extends RuntimeException {

    private final String problem;
    private final String fix;

    public ConfigException(String problem, String fix) {
        super(problem + System.lineSeparator() + "  fix: " + fix);
        this.problem = problem;
        this.fix = fix;
    }

    /** One line: where and what. */
    public String problem() {
        return problem;
    }

    /** One line: what to change. */
    public String fix() {
        return fix;
    }
}
