package io.ferry.capture.engine;

import io.ferry.capture.FerryColumnConverter;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.config.SourceConfig;
import io.ferry.core.event.BinlogFilePosition;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;

/** What MariaDB and MySQL share: the binlog, backquoted identifiers, information_schema and the global read-only switch. */
public abstract class BinlogSourceEngine implements SourceEngine {

    BinlogSourceEngine() {
    }

    @Override
    public void configureDebezium(Properties p, PipelineConfig config) {
        SourceConfig source = config.source();
        p.setProperty("connector.class", connectorClass());
        p.setProperty("database.server.id", Long.toString(source.serverId()));
        // The session in UTC by offset: TIMESTAMP values then arrive as UTC whatever the JVM's zone, and an
        // offset needs no time zone tables on the server (a named JVM zone such as America/New_York would).
        p.setProperty("database.timezone", "+00:00");
        p.setProperty("database.include.list", Pattern.quote(source.database()));
        p.setProperty("snapshot.locking.mode", "minimal");
        // TINYINT(1) and the temporal types follow the pipeline's type rules (boolean or not, zero dates).
        p.setProperty("converters", "ferry");
        FerryColumnConverter.configure(p, "ferry", config.types());
    }

    /** Debezium's connector class for this engine. */
    abstract String connectorClass();

    @Override
    public String bulkSnapshotMode() {
        // After Ferry's bulk load Debezium only streams, from the cut's offsets (CaptureService seeds them).
        return "no_data";
    }

    @Override
    public String quote(String identifier) {
        return io.ferry.core.value.jdbc.Engine.MYSQL.quote(identifier);
    }

    @Override
    public io.ferry.core.value.jdbc.Engine valueEngine() {
        return io.ferry.core.value.jdbc.Engine.MYSQL;
    }

    @Override
    public String rowEstimateQuery() {
        return "SELECT table_rows FROM information_schema.tables WHERE table_schema = ? AND table_name = ?";
    }

    @Override
    public boolean hasBulkLoad() {
        return true;
    }

    @Override
    public String uniqueKeysQuery() {
        return "SELECT s.table_name, s.index_name, s.column_name, c.is_nullable "
                + "FROM information_schema.statistics s JOIN information_schema.columns c ON c.table_schema = s.table_schema "
                + "AND c.table_name = s.table_name AND c.column_name = s.column_name "
                + "WHERE s.table_schema = ? AND s.non_unique = 0 ORDER BY s.table_name, s.index_name, s.seq_in_index";
    }

    /**
     * The statement that shows the binary log's current file and position: {@code SHOW BINARY LOG STATUS} on MySQL 8.2
     * and later (8.4 dropped {@code SHOW MASTER STATUS}), {@code SHOW MASTER STATUS} before and on MariaDB.
     */
    abstract String binaryLogStatusSql(int major, int minor);

    /** The binary log's current file and position ({@code SHOW BINARY LOG STATUS} or {@code SHOW MASTER STATUS}). */
    public BinlogFilePosition binaryLogStatus(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String sql = binaryLogStatusSql(md.getDatabaseMajorVersion(), md.getDatabaseMinorVersion());
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException(sql + " returned nothing: the binary log is not enabled on the source (log_bin)");
            }
            return BinlogFilePosition.parse(rs.getString(1) + ":" + rs.getLong(2));
        }
    }

    /**
     * Whether a consistent-snapshot transaction can tell the binlog position it corresponds to
     * ({@code SHOW STATUS LIKE 'binlog_snapshot_%'}, MariaDB's), which lets the bulk load take its cut without the global
     * read lock (and so without RELOAD).
     */
    public abstract boolean reportsSnapshotPosition();

    /** The statement that reads the server's executed GTIDs as Debezium's {@code gtids} offset spells them. */
    abstract String gtidsSql();

    /**
     * The server's executed GTIDs as Debezium's {@code gtids} offset spells them (MySQL prints a long set over several
     * lines; the offset has it on one); blank when there are none.
     */
    public String gtids(Connection c) throws SQLException {
        String g = single(c, gtidsSql());
        return g == null ? "" : g.replace("\n", "").replace("\r", "");
    }

    static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
