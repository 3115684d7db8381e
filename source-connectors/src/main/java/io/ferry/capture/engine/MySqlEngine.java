package io.ferry.capture.engine;

import io.ferry.core.config.SourceConfig;
import io.ferry.core.config.SourceKind;
import io.ferry.core.event.BinlogFilePosition;
import io.ferry.core.event.LogPosition;
import io.ferry.core.event.MySqlGtidSet;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MySQL 8: Debezium's MySQL connector; positions as GTID sets ({@code @@GLOBAL.gtid_executed}, Debezium's {@code gtids}
 * offset, {@code uuid:1-5,uuid2:1-3}) when {@code gtid_mode} is ON, else as binary log file and offset
 * ({@code SHOW BINARY LOG STATUS}, {@code SHOW MASTER STATUS} before 8.2); the freeze as {@code super_read_only}, which
 * unlike {@code read_only} also stops accounts with SUPER or CONNECTION_ADMIN.
 */
public final class MySqlEngine extends BinlogSourceEngine {

    static final String GTID_STATE = "SELECT @@GLOBAL.gtid_mode, @@GLOBAL.gtid_executed";
    static final String FREEZE = "SET GLOBAL super_read_only = ON";
    static final List<String> UNFREEZE = List.of("SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = OFF");

    @Override
    public SourceKind kind() {
        return SourceKind.MYSQL;
    }

    @Override
    String connectorClass() {
        return "io.debezium.connector.mysql.MySqlConnector";
    }

    @Override
    public String baseJdbcUrl(SourceConfig source) {
        return "jdbc:mysql://" + source.host() + ":" + source.port() + "/";
    }

    /** MySQL has no binlog_snapshot_% status: its bulk load needs the global read lock (RELOAD). */
    @Override
    public Map<String, String> tlsJdbcParameters(io.ferry.core.config.TlsConfig tls, String key) {
        return io.ferry.core.tls.DatabaseTls.mySqlJdbcParameters(tls, key);
    }

    @Override
    public Map<String, String> tlsDebeziumProperties(io.ferry.core.config.TlsConfig tls, String key) {
        return io.ferry.core.tls.DatabaseTls.mySqlDebeziumProperties(tls, key);
    }

    @Override
    public boolean reportsSnapshotPosition() {
        return false;
    }

    @Override
    String gtidsSql() {
        return "SELECT @@GLOBAL.gtid_executed";
    }

    @Override
    String binaryLogStatusSql(int major, int minor) {
        return major > 8 || major == 8 && minor >= 2 ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS";
    }

    /** {@code gtid_executed} when {@code gtid_mode} is ON, else the binary log's file and offset. */
    @Override
    public LogPosition currentPosition(Connection source) throws SQLException {
        try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery(GTID_STATE)) {
            rs.next();
            if ("ON".equalsIgnoreCase(rs.getString(1))) {
                return MySqlGtidSet.parse(rs.getString(2));
            }
        }
        return binaryLogStatus(source);
    }

    /** A GTID set ({@code uuid:1-5,...}, blank for the empty set) or a binlog file position ({@code binlog.000003:1234}). */
    @Override
    public LogPosition parsePosition(String text) {
        return BinlogFilePosition.looksLike(text) ? BinlogFilePosition.parse(text) : MySqlGtidSet.parse(text);
    }

    /**
     * Debezium's {@code gtids} when the offset has them, else its {@code file} and {@code pos}. A GTID watermark is
     * compared with the offset's GTID set, a binlog watermark with its file and position, whichever the offset lists
     * first.
     */
    @Override
    public Optional<LogPosition> capturedPosition(Map<String, ?> offset) {
        Object gtids = offset.get("gtids");
        if (gtids != null) {
            return Optional.of(MySqlGtidSet.parse(gtids.toString()));
        }
        return filePosition(offset);
    }

    @Override
    public boolean reached(Map<String, ?> offset, LogPosition watermark) {
        if (SourceEngine.inSnapshot(offset)) {
            return false;
        }
        if (watermark instanceof BinlogFilePosition) {
            return filePosition(offset).map(p -> p.covers(watermark)).orElse(false);
        }
        if (((MySqlGtidSet) watermark).isEmpty()) {
            return true; // nothing was ever logged with a GTID: nothing to wait for
        }
        Object gtids = offset.get("gtids");
        return gtids != null && MySqlGtidSet.parse(gtids.toString()).covers(watermark);
    }

    @Override
    public ReadOnlySwitch readOnlyFreeze(String database, String role) {
        return new ReadOnlySwitch(List.of(FREEZE), null, null, UNFREEZE,
                List.of("super_read_only stops every account, SUPER and CONNECTION_ADMIN included (not replication threads)"), null, null,
                List.of("SYSTEM_VARIABLES_ADMIN", "SUPER", "ALL PRIVILEGES"), false, null,
                "SELECT @@GLOBAL.super_read_only <> 0 OR @@GLOBAL.read_only <> 0", List.of());
    }
}
