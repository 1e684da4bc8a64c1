package org.jbuildkit.daemon.exporter;

import java.util.Map;

/**
 * One output type ({@code --output type=…}), as upstream's {@code exporter.Exporter}: it turns an
 * output's attributes into an {@link ExporterInstance} before the build starts, so a bad output
 * fails the request before anything runs. New output types are new implementations.
 */
public interface Exporter {

    /** The type name clients ask for: {@code local}, {@code tar}. */
    String type();

    /**
     * Parses and checks the attributes of output number {@code id} (its index in the request, which
     * also selects the client's target); unknown keys and bad values are refused here.
     */
    ExporterInstance resolve(int id, Map<String, String> attrs) throws ExporterException;
}
