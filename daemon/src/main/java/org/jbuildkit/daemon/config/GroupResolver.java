package org.jbuildkit.daemon.config;

import java.util.OptionalInt;

/** Looks up a group's numeric id by name, for {@code --group}. */
@FunctionalInterface
public interface GroupResolver {

    OptionalInt gidOf(String groupName);
}
