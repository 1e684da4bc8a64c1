package org.jbuildkit.daemon.worker.metadata;

import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;

/** A metadata store operation failed; the message names the database, what was attempted and a fix. */
public final class MetadataException extends RuntimeException {

    public MetadataException(String message, Throwable cause) {
        super(message, cause);
    }

    static MetadataException of(Path db, String action, SQLException e) {
        return new MetadataException("metadata store " + db + ": " + action + " failed: " + e.getMessage()
                + "\nfix: " + fix(db, e), e);
    }

    private static String fix(Path db, SQLException e) {
        int code = e.getErrorCode() & 0xff;
        if (code == SQLiteErrorCode.SQLITE_FULL.code) {
            return "free space on the file system holding " + db.getParent() + " (e.g. buildctl prune)";
        }
        if (code == SQLiteErrorCode.SQLITE_CORRUPT.code || code == SQLiteErrorCode.SQLITE_NOTADB.code) {
            return "stop the daemon and move " + db + " aside; the build cache starts empty";
        }
        if (code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return "another process holds " + db + "; run one daemon per root";
        }
        if (code == SQLiteErrorCode.SQLITE_READONLY.code || code == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
            return "check that " + db + " and its directory are writable by the daemon";
        }
        return "this is a bug if it repeats; report it with this message";
    }
}
