package org.jbuildkit.daemon.worker.metadata;

import java.sql.SQLException;

/** Work done inside one metadata transaction. */
@FunctionalInterface
public interface TxFunction<T> {
    T apply(Tx tx) throws SQLException;
}
