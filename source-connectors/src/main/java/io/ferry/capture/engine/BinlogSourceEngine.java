package io.ferry.capture.engine;

import io.ferry.capture.FerryColumnConverter;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.config.SourceConfig;
import io.ferry.core.event.BinlogFilePosition;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.jdbc.KeyColumn;
import io.ferry.core.schema.jdbc.MySqlCatalog;
import io.ferry.core.schema.mapping.MySqlColumn;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/** What MariaDB and MySQL share: the binlog, backquoted identifiers, the catalog ({@link MySqlCatalog}) and the global read-only switch. */
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
        // DECIMAL as BigDecimal: exact, and MySQL has no NaN or infinity.
        p.setProperty("decimal.handling.mode", "precise");
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

    private static final String ROTATE = "FLUSH BINARY LOGS";

    /**
     * A binary log rotation: the server writes a rotate event and opens the next file; no data changes, and it is
     * allowed while the server is read-only. It needs the RELOAD privilege, which capture's account has.
     */
    @Override
    public java.util.Optional<String> logEventStatement() {
        return java.util.Optional.of(ROTATE);
    }

    /** The binary log's current file and position, then a rotation ({@link #logEventStatement}). */
    @Override
    public java.util.Optional<io.ferry.core.event.LogPosition> logEvent(Connection source) throws SQLException {
        BinlogFilePosition end = binaryLogStatus(source);
        try (Statement s = source.createStatement()) {
            s.execute(ROTATE);
        }
        return java.util.Optional.of(end);
    }

    /**
     * Whether capture's offset is at or after {@code logEnd} in the binary log. Its file and position are where capture
     * would start reading again, the start of the transaction it is in: at or after the log's end at the freeze, every
     * event before it has been read and handed over (after the rotation, the offset is in the new file).
     */
    @Override
    public boolean readPast(Map<String, ?> offset, io.ferry.core.event.LogPosition logEnd) {
        if (SourceEngine.inSnapshot(offset)) {
            return false;
        }
        return filePosition(offset).map(p -> p.covers(logEnd)).orElse(false);
    }

    /** The binary log file and position of a Debezium offset ({@code file}, {@code pos}), if it has them. */
    static java.util.Optional<io.ferry.core.event.LogPosition> filePosition(Map<String, ?> offset) {
        Object file = offset.get("file");
        Object pos = offset.get("pos");
        if (file == null || pos == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(BinlogFilePosition.parse(file + ":" + pos));
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
    public long rowEstimate(Connection c, TableId table) throws SQLException {
        return MySqlCatalog.rowEstimate(c, table);
    }

    @Override
    public List<String> baseTables(Connection c, String database) throws SQLException {
        return List.copyOf(MySqlCatalog.baseTables(c, database).keySet());
    }

    /** MariaDB's and MySQL's database privileges and {@code KILL CONNECTION}. */
    @Override
    public boolean supportsRevokeFreeze() {
        return true;
    }

    @Override
    public boolean snapshotsJoinedTables() {
        return true;
    }

    @Override
    public boolean hasBulkLoad() {
        return true;
    }

    @Override
    public boolean capturesTablesCreatedWhileRunning() {
        return true;
    }

    @Override
    public List<KeyColumn> uniqueKeyColumns(Connection c, String database) throws SQLException {
        return MySqlCatalog.uniqueKeyColumns(c, database);
    }

    /**
     * Snapshot SELECTs for the tables with FLOAT columns. MariaDB's text protocol, which Debezium's snapshot
     * reads with, prints a FLOAT with six significant digits (152.57143 comes out as 152.571), while the
     * binlog carries all of it; read as DOUBLE, the value arrives whole.
     */
    @Override
    public Map<TableId, String> snapshotSelects(Connection c, String database, List<TableId> tables) throws SQLException {
        Map<String, List<MySqlColumn>> columns = MySqlCatalog.columns(c, database);
        Map<TableId, String> selects = new LinkedHashMap<>();
        for (TableId t : tables) {
            List<MySqlColumn> cols = columns.getOrDefault(t.table(), List.of());
            if (cols.stream().noneMatch(col -> col.dataType().equals("float"))) {
                continue;
            }
            StringBuilder sql = new StringBuilder("SELECT ");
            for (int i = 0; i < cols.size(); i++) {
                String name = quote(cols.get(i).name());
                sql.append(i == 0 ? "" : ", ").append(cols.get(i).dataType().equals("float") ? "CAST(" + name + " AS DOUBLE) AS " + name : name);
            }
            selects.put(t, sql.append(" FROM ").append(qualified(t)).toString());
        }
        return selects;
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
