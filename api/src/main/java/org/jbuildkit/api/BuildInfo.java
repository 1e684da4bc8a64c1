package org.jbuildkit.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** What this build of jbuildkit is: package name, version and source revision, as both binaries report them. */
public record BuildInfo(String packageName, String version, String revision) {

    public static BuildInfo current() {
        Properties props = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildInfo(
                props.getProperty("package", "github.com/jbuildkit/jbuildkit"),
                props.getProperty("version", "0.0.0+unknown"),
                props.getProperty("revision", ""));
    }
}
