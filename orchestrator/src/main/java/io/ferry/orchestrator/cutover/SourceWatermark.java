package io.ferry.orchestrator.cutover;

import io.ferry.core.config.SourceKind;
import io.ferry.orchestrator.pipeline.CatchUp;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The source's high watermark: every change committed before it must be in the target before the flip.
 * MariaDB: {@code @@gtid_binlog_pos}; MySQL: {@code @@GLOBAL.gtid_executed}, or the binlog file and position
 * ({@code SHOW MASTER STATUS}) when GTIDs are off; PostgreSQL: the WAL's current LSN ({@code pg_current_wal_lsn()}).
 */
public final class SourceWatermark {

    private SourceWatermark() {
    }

    public static String read(SourceKind kind, Connection source) throws SQLException {
        return switch (kind) {
            case MARIADB, POSTGRESQL -> CatchUp.sourceWatermark(source);
            case MYSQL -> mysql(source);
        };
    }

    private static String mysql(Connection source) throws SQLException {
        try (Statement s = source.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT @@GLOBAL.gtid_mode, @@GLOBAL.gtid_executed")) {
                rs.next();
                if ("ON".equalsIgnoreCase(rs.getString(1))) {
                    return rs.getString(2).replace("\n", "");
                }
            }
            try (ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
                if (!rs.next()) {
                    throw new SQLException("the MySQL source has no binary log (SHOW MASTER STATUS is empty)");
                }
                return rs.getString(1) + ":" + rs.getLong(2);
            }
        }
    }
}
