package io.ferry.capture.engine;

import io.ferry.core.config.SourceConfig;
import io.ferry.core.config.SourceKind;
import io.ferry.core.event.LogPosition;
import io.ferry.core.event.MariaDbGtidPosition;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MariaDB: Debezium's MariaDB connector, positions as GTID lists ({@code @@GLOBAL.gtid_binlog_pos}, Debezium's
 * {@code gtids} offset), the freeze as the global {@code read_only} switch.
 */
public final class MariaDbEngine extends BinlogSourceEngine {

    static final String GTID_POSITION = "SELECT @@GLOBAL.gtid_binlog_pos";
    static final String FREEZE = "SET GLOBAL read_only = 1";
    static final String UNFREEZE = "SET GLOBAL read_only = 0";
    /** Accounts whose writes {@code read_only} does not stop. */
    static final String BYPASSING_ACCOUNTS = "SELECT DISTINCT GRANTEE FROM information_schema.USER_PRIVILEGES "
            + "WHERE PRIVILEGE_TYPE IN ('SUPER', 'READ_ONLY ADMIN', 'CONNECTION_ADMIN') ORDER BY GRANTEE";

    @Override
    public SourceKind kind() {
        return SourceKind.MARIADB;
    }

    @Override
    String connectorClass() {
        return "io.debezium.connector.mariadb.MariaDbConnector";
    }

    @Override
    public String baseJdbcUrl(SourceConfig source) {
        return "jdbc:mariadb://" + source.host() + ":" + source.port() + "/";
    }

    @Override
    public Map<String, String> tlsJdbcParameters(io.ferry.core.config.TlsConfig tls, String key) {
        return io.ferry.core.tls.DatabaseTls.mariaDbJdbcParameters(tls);
    }

    @Override
    public Map<String, String> tlsDebeziumProperties(io.ferry.core.config.TlsConfig tls, String key) {
        return io.ferry.core.tls.DatabaseTls.mariaDbDebeziumProperties(tls, key);
    }

    @Override
    public boolean reportsSnapshotPosition() {
        return true;
    }

    @Override
    String gtidsSql() {
        return GTID_POSITION;
    }

    @Override
    String binaryLogStatusSql(int major, int minor) {
        return "SHOW MASTER STATUS";
    }

    /** The server's GTID position; empty on a server that has logged no transaction with a GTID yet. */
    @Override
    public LogPosition currentPosition(Connection source) throws SQLException {
        return MariaDbGtidPosition.parse(single(source, GTID_POSITION));
    }

    @Override
    public LogPosition parsePosition(String text) {
        return MariaDbGtidPosition.parse(text);
    }

    /** Debezium's {@code gtids}; an offset without it (no GTID seen yet) is the empty position. */
    @Override
    public Optional<LogPosition> capturedPosition(Map<String, ?> offset) {
        Object gtids = offset.get("gtids");
        return Optional.of(MariaDbGtidPosition.parse(gtids == null ? null : gtids.toString()));
    }

    @Override
    public ReadOnlySwitch readOnlyFreeze(String database, String role) {
        return new ReadOnlySwitch(List.of(FREEZE), null, null, List.of(UNFREEZE),
                List.of("accounts with SUPER, READ_ONLY ADMIN or CONNECTION_ADMIN still write; see ferry check"), BYPASSING_ACCOUNTS, null,
                List.of("READ_ONLY ADMIN", "SUPER", "ALL PRIVILEGES"), false, null, "SELECT @@GLOBAL.read_only <> 0", List.of());
    }
}
