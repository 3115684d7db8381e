package io.ferry.apply.dialect;

import io.ferry.core.config.TargetConfig;
import io.ferry.core.config.TargetKind;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.TargetNames;
import io.ferry.core.schema.jdbc.FerrySchema;
import io.ferry.core.schema.jdbc.PostgresCatalog;
import io.ferry.core.tls.DatabaseTls;
import io.ferry.core.value.LogicalType;
import io.ferry.core.value.jdbc.ColumnTypes;
import io.ferry.core.value.jdbc.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * PostgreSQL as a target. Identifiers are always quoted; values are always bound as text parameters and cast to the
 * column's type in SQL, so the canonical text form is the one input format (bytea reads canonical base64 through
 * {@code decode}). Errors are sorted by SQLState class.
 */
public final class PostgresTargetDialect implements TargetDialect {

    public static final PostgresTargetDialect INSTANCE = new PostgresTargetDialect();

    private static final Pattern FIXED_BITS = Pattern.compile("bit\\((\\d+)\\)");

    private PostgresTargetDialect() {
    }

    @Override
    public TargetKind kind() {
        return TargetKind.POSTGRESQL;
    }

    @Override
    public int maxIdentifierBytes() {
        return TargetNames.MAX_BYTES;
    }

    @Override
    public String quote(String identifier) {
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains a NUL character: " + identifier.replace('\0', '?'));
        }
        return Engine.POSTGRESQL.quote(identifier);
    }

    @Override
    public String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    @Override
    public String bind(String columnType) {
        String type = columnType.toLowerCase(Locale.ROOT);
        if (type.equals("bytea")) {
            return "decode(?, 'base64')";
        }
        if (type.equals("text") || type.startsWith("character varying") && !type.endsWith("[]") || type.startsWith("character(")) {
            return "?";
        }
        if (type.endsWith("[]")) {
            // SET values: canonical labels joined by commas, which MySQL does not allow inside a label.
            return "CAST(string_to_array(?, ',') AS " + columnType + ")";
        }
        Matcher bits = FIXED_BITS.matcher(type);
        if (bits.matches()) {
            // Canonical bit strings drop leading zeros; bit(n) wants exactly n digits.
            return "CAST(lpad(?, " + bits.group(1) + ", '0') AS " + columnType + ")";
        }
        return "CAST(? AS " + columnType + ")";
    }

    /** {@code INSERT .. ON CONFLICT (pk) DO UPDATE} over the given columns (which include the key). */
    @Override
    public String upsert(TargetTable t, List<String> columns) {
        String cols = columns.stream().map(this::quote).collect(Collectors.joining(", "));
        String values = columns.stream().map(c -> bind(t.columnTypes().get(c))).collect(Collectors.joining(", "));
        String conflict = t.primaryKey().stream().map(this::quote).collect(Collectors.joining(", "));
        List<String> nonKey = columns.stream().filter(c -> !t.primaryKey().contains(c)).toList();
        String action = nonKey.isEmpty() ? "DO NOTHING"
                : "DO UPDATE SET " + nonKey.stream().map(c -> quote(c) + " = EXCLUDED." + quote(c)).collect(Collectors.joining(", "));
        return "INSERT INTO " + qualified(t.id()) + " (" + cols + ") VALUES (" + values + ") ON CONFLICT (" + conflict + ") " + action;
    }

    @Override
    public LogicalType logicalType(String columnType) {
        return ColumnTypes.fromPostgres(columnType);
    }

    @Override
    public Engine valueEngine() {
        return Engine.POSTGRESQL;
    }

    @Override
    public Map<String, String> columns(Connection c, TableId table) throws SQLException {
        return PostgresCatalog.columns(c, table);
    }

    @Override
    public List<String> primaryKey(Connection c, TableId table) throws SQLException {
        return PostgresCatalog.primaryKey(c, table);
    }

    @Override
    public Set<String> generatedColumns(Connection c, TableId table) throws SQLException {
        return PostgresCatalog.generatedColumns(c, table);
    }

    @Override
    public String jdbcUrl(TargetConfig t) {
        return "jdbc:postgresql://" + t.host() + ":" + t.port() + "/" + t.database()
                + DatabaseTls.urlSuffix(DatabaseTls.postgresJdbcParameters(t.tls()));
    }

    @Override
    public Properties connectionProperties(String applicationName) {
        Properties p = new Properties();
        p.setProperty("reWriteBatchedInserts", "true");
        p.setProperty("ApplicationName", applicationName);
        // A rollback freezes the target with default_transaction_read_only (docs/rollback.md); Ferry's own sessions
        // (the migration's record, the coordinator's reads) must still write, as on a MySQL source Ferry's account does.
        p.setProperty("options", "-c default_transaction_read_only=off");
        return p;
    }

    @Override
    public boolean isDriverFrame(String className) {
        return className.startsWith("org.postgresql.");
    }

    /**
     * By SQLState class: lost connections, serialization failures and deadlocks are retried; bad data and constraint
     * violations make a poison record; authentication, privilege and schema errors are permanent.
     */
    @Override
    public SqlErrorKind classify(SQLException e) {
        String state = e.getSQLState();
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return SqlErrorKind.RETRIABLE;
        }
        if (state == null || state.length() < 2) {
            return SqlErrorKind.RETRIABLE; // an I/O failure inside the driver carries no state
        }
        String cls = state.substring(0, 2);
        return switch (cls) {
            case "08", "53" -> SqlErrorKind.RETRIABLE; // connection, insufficient resources (too many connections)
            // The server shutting down or starting (57P01-03) passes; a cancelled query or a dropped database does not.
            case "57" -> state.startsWith("57P0") && state.compareTo("57P03") <= 0 ? SqlErrorKind.RETRIABLE : SqlErrorKind.PERMANENT;
            case "40" -> state.equals("40002") ? SqlErrorKind.POISON : SqlErrorKind.RETRIABLE; // 40001 serialization, 40P01 deadlock
            case "22", "23" -> SqlErrorKind.POISON; // data exception, integrity violation
            case "42" -> state.equals("42804") || state.equals("42846") ? SqlErrorKind.POISON : SqlErrorKind.PERMANENT;
            default -> SqlErrorKind.PERMANENT;
        };
    }

    @Override
    public boolean isConflict(SQLException e) {
        return "40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState());
    }

    @Override
    public java.util.Optional<MigrationBookkeeping> migrationBookkeeping() {
        return java.util.Optional.of(PostgresMigrationBookkeeping.INSTANCE);
    }

    @Override
    public void ensureBookkeeping(Connection c, String... createStatements) throws SQLException {
        FerrySchema.ensure(c, createStatements);
    }

    @Override
    public String createAppliedOffsets() {
        return "CREATE TABLE IF NOT EXISTS ferry.applied_offsets ("
                + "applier text NOT NULL, topic text NOT NULL, kafka_partition integer NOT NULL, "
                + "kafka_offset bigint NOT NULL, source_position text, position text, applied_at timestamptz NOT NULL, "
                + "PRIMARY KEY (applier, topic, kafka_partition))";
    }

    @Override
    public String upsertAppliedOffset() {
        return "INSERT INTO ferry.applied_offsets "
                + "(applier, topic, kafka_partition, kafka_offset, source_position, position, applied_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, now()) ON CONFLICT (applier, topic, kafka_partition) DO UPDATE SET "
                + "kafka_offset = EXCLUDED.kafka_offset, source_position = EXCLUDED.source_position, "
                + "position = EXCLUDED.position, applied_at = EXCLUDED.applied_at "
                + "WHERE ferry.applied_offsets.kafka_offset < EXCLUDED.kafka_offset";
    }

    @Override
    public String selectAppliedOffsets() {
        return "SELECT topic, kafka_partition, kafka_offset, position FROM ferry.applied_offsets WHERE applier = ?";
    }

    @Override
    public String lockAppliedOffset() {
        return "SELECT kafka_offset FROM ferry.applied_offsets WHERE applier = ? AND topic = ? AND kafka_partition = ? FOR UPDATE";
    }

    @Override
    public String createSchemaChanges() {
        return "CREATE TABLE IF NOT EXISTS ferry.schema_changes ("
                + "applier text NOT NULL, source_table text NOT NULL, source_position text, position text, "
                + "statement text, applied_at timestamptz, PRIMARY KEY (applier, source_table))";
    }

    @Override
    public String insertSchemaChangeIfAbsent() {
        return "INSERT INTO ferry.schema_changes (applier, source_table) VALUES (?, ?) ON CONFLICT (applier, source_table) DO NOTHING";
    }

    @Override
    public String lockSchemaChange() {
        return "SELECT position FROM ferry.schema_changes WHERE applier = ? AND source_table = ? FOR UPDATE";
    }

    @Override
    public String updateSchemaChange() {
        return "UPDATE ferry.schema_changes SET position = ?, source_position = ?, statement = ?, applied_at = now() "
                + "WHERE applier = ? AND source_table = ?";
    }

    @Override
    public String createReplayedDeadLetters() {
        return "CREATE TABLE IF NOT EXISTS ferry.dead_letters_replayed ("
                + "pipeline text NOT NULL, topic text NOT NULL, kafka_partition integer NOT NULL, kafka_offset bigint NOT NULL, "
                + "outcome text NOT NULL, replayed_at timestamptz NOT NULL, "
                + "PRIMARY KEY (pipeline, topic, kafka_partition, kafka_offset))";
    }

    @Override
    public String replayedDeadLettersExist() {
        return "SELECT to_regclass('ferry.dead_letters_replayed') IS NOT NULL";
    }

    @Override
    public String selectReplayedDeadLetters() {
        return "SELECT topic, kafka_partition, kafka_offset FROM ferry.dead_letters_replayed WHERE pipeline = ?";
    }

    @Override
    public String insertReplayedDeadLetter() {
        return "INSERT INTO ferry.dead_letters_replayed (pipeline, topic, kafka_partition, kafka_offset, outcome, replayed_at) "
                + "VALUES (?, ?, ?, ?, ?, now()) ON CONFLICT DO NOTHING";
    }
}
