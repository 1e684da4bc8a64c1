package org.jbuildkit.dockerfile.instructions;

import org.jbuildkit.dockerfile.shell.ShellLex.ShellSyntaxException;

/**
 * Expands the variables of one word (upstream's {@code SingleWordExpander}), for option values that are expanded
 * field by field after they are split, such as each {@code key=value} of a {@code --mount}. The converter backs it
 * with {@code ShellLex.processWord} and the stage's environment.
 */
@FunctionalInterface
public interface WordExpander {
    /** No expansion: the words are already final. */
    WordExpander NONE = word -> word;

    String expand(String word) throws ShellSyntaxException;
}
