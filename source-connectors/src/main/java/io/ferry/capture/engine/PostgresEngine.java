package io.ferry.capture.engine;

import io.ferry.capture.PostgresSlot;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.config.SourceConfig;
import io.ferry.core.config.SourceKind;
import io.ferry.core.event.LogPosition;
import io.ferry.core.event.PgLsn;
import io.ferry.core.schema.jdbc.KeyColumn;
import io.ferry.core.schema.jdbc.PostgresCatalog;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * PostgreSQL: Debezium's PostgreSQL connector through {@code pgoutput} ({@link PostgresSlot}); positions as WAL LSNs
 * ({@code pg_current_wal_lsn()}, Debezium's {@code lsn} offset); the freeze as {@code default_transaction_read_only} for
 * the application's role (or the database) plus ending that role's open sessions.
 */
public final class PostgresEngine implements SourceEngine {

    static final String CURRENT_LSN = "SELECT pg_current_wal_lsn()::text";

    @Override
    public SourceKind kind() {
        return SourceKind.POSTGRESQL;
    }

    @Override
    public void configureDebezium(Properties p, PipelineConfig config) {
        PostgresSlot.configure(p, config);
        p.setProperty("database.dbname", config.source().database());
        p.setProperty("schema.include.list", Pattern.quote(config.source().namespace()));
    }

    /** A PostgreSQL source has no bulk load yet: Debezium's initial snapshot does the full load instead. */
    @Override
    public String bulkSnapshotMode() {
        return "initial";
    }

    @Override
    public String baseJdbcUrl(SourceConfig source) {
        return "jdbc:postgresql://" + source.host() + ":" + source.port() + "/" + source.database();
    }

    @Override
    public String quote(String identifier) {
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains a NUL character: " + identifier.replace('\0', '?'));
        }
        return io.ferry.core.value.jdbc.Engine.POSTGRESQL.quote(identifier);
    }

    @Override
    public io.ferry.core.value.jdbc.Engine valueEngine() {
        return io.ferry.core.value.jdbc.Engine.POSTGRESQL;
    }

    @Override
    public long rowEstimate(Connection c, io.ferry.core.schema.TableId table) throws SQLException {
        return PostgresCatalog.rowEstimate(c, table);
    }

    @Override
    public List<String> baseTables(Connection c, String schema) throws SQLException {
        return PostgresCatalog.baseTables(c, schema);
    }

    @Override
    public Map<String, String> tlsJdbcParameters(io.ferry.core.config.TlsConfig tls, String key) {
        return io.ferry.core.tls.DatabaseTls.postgresJdbcParameters(tls);
    }

    @Override
    public Map<String, String> tlsDebeziumProperties(io.ferry.core.config.TlsConfig tls, String key) {
        return io.ferry.core.tls.DatabaseTls.postgresDebeziumProperties(tls);
    }

    /** Not built for a PostgreSQL source: a joining table's earlier rows are not copied (start the pipeline anew). */
    @Override
    public boolean snapshotsJoinedTables() {
        return false;
    }

    @Override
    public boolean capturesTablesCreatedWhileRunning() {
        return false;
    }

    @Override
    public boolean hasBulkLoad() {
        return false;
    }

    @Override
    public List<KeyColumn> uniqueKeyColumns(Connection c, String schema) throws SQLException {
        return PostgresCatalog.uniqueKeyColumns(c, schema);
    }

    @Override
    public LogPosition currentPosition(Connection source) throws SQLException {
        try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery(CURRENT_LSN)) {
            rs.next();
            return PgLsn.parse(rs.getString(1));
        }
    }

    @Override
    public LogPosition parsePosition(String text) {
        return PgLsn.parse(text == null ? null : text.trim());
    }

    /** Debezium's {@code lsn}: the WAL position of the last event it handled (change, logical message or heartbeat). */
    @Override
    public Optional<LogPosition> capturedPosition(Map<String, ?> offset) {
        return offset.get("lsn") instanceof Number n ? Optional.of(new PgLsn(n.longValue())) : Optional.empty();
    }

    @Override
    public io.ferry.capture.UnsentValues unsentValues(SourceConfig source) {
        return new io.ferry.capture.PostgresUnsentValues(() -> connect(source));
    }

    @Override
    public boolean hasReplicationSlot() {
        return true;
    }

    @Override
    public String releaseCapture(SourceConfig source, String pipeline) throws SQLException {
        return PostgresSlot.drop(source, pipeline);
    }

    @Override
    public String describeRelease(String pipeline) {
        return "would drop replication slot " + PostgresSlot.slotName(pipeline) + " and publication "
                + PostgresSlot.publicationName(pipeline) + " on the source";
    }

    @Override
    public ReadOnlySwitch readOnlyFreeze(String database, String role) {
        String r = role == null || role.isBlank() ? null : role;
        String target = r != null ? "ROLE " + quote(r) + " IN DATABASE " + quote(database) : "DATABASE " + quote(database);
        // The call in the select list, not in WHERE: only the rows the filters keep are ended (in WHERE the planner may
        // call it before the filters, on this very session too).
        String terminate = "SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                + " AND backend_type = 'client backend'" + (r != null ? " AND usename = ?" : " AND usename <> current_user");
        return new ReadOnlySwitch(List.of("ALTER " + target + " SET default_transaction_read_only = on"), terminate, r,
                List.of("ALTER " + target + " RESET default_transaction_read_only"),
                List.of("then end the open sessions of " + (r != null ? "role " + r : "every other account") + " in database " + database),
                null,
                "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY (?)", List.of(), true, MAY_END_SESSIONS,
                "SELECT EXISTS (SELECT 1 FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = "
                        + valueEngine().literal(database) + " AND s.setrole = "
                        + (r == null ? "0" : "(SELECT oid FROM pg_roles WHERE rolname = " + valueEngine().literal(r) + ")")
                        + " AND 'default_transaction_read_only=on' = ANY (s.setconfig))",
                List.of("SET SESSION default_transaction_read_only = off"));
    }

    /** Whether the account may end other accounts' sessions (superuser or pg_signal_backend), and the GRANT that lets it. */
    private static final String MAY_END_SESSIONS = "SELECT r.rolsuper OR pg_has_role(current_user, 'pg_signal_backend', 'USAGE'), "
            + "'GRANT pg_signal_backend TO ' || quote_ident(current_user) FROM pg_roles r WHERE r.rolname = current_user";
}
