package org.jbuildkit.daemon.config;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code [cdi]}: Container Device Interface support.
 *
 * @param disabled whether CDI devices are off (upstream: unset means enabled)
 * @param specDirs directories scanned for CDI spec files
 * @param autoAllowed devices builds may use without the {@code device} entitlement
 */
public record CdiConfig(boolean disabled, List<Path> specDirs, List<String> autoAllowed) {

    public CdiConfig {
        specDirs = List.copyOf(specDirs);
        autoAllowed = List.copyOf(autoAllowed);
    }
}
