package io.ferry.apply.dialect;

import io.ferry.core.config.SourceKind;
import io.ferry.core.config.TargetConfig;
import io.ferry.core.config.TargetKind;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.jdbc.MySqlCatalog;
import io.ferry.core.schema.mapping.ReverseBind;
import io.ferry.core.tls.DatabaseTls;
import io.ferry.core.value.LogicalType;
import io.ferry.core.value.jdbc.ColumnTypes;
import io.ferry.core.value.jdbc.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * MySQL/MariaDB as a target: the source of a migration, written to by reverse replication after the flip, so that a
 * rollback loses nothing (docs/rollback.md). The tables are the source's own; their column types
 * ({@code information_schema.columns.column_type}) decide how each canonical value is bound ({@link ReverseBind}).
 *
 * <p>An upsert is {@code INSERT .. ON DUPLICATE KEY UPDATE}, which fires on any unique index, not only the primary
 * key: a table with another unique index could see a change update a different row than the one it keys, so such a
 * table is refused ({@link #refusal}), before a cutover by the pre-checks and at the latest when the applier first
 * reads it. The {@code ferry} bookkeeping is a database named {@code ferry} with the same tables and semantics as on
 * PostgreSQL; the applied-offsets fence counts on {@code useAffectedRows} (an unchanged row counts 0, as on PostgreSQL),
 * which {@link #connectionProperties} sets. Sessions run in UTC ({@code time_zone = '+00:00'}): TIMESTAMP values are
 * written and read as UTC wall time.
 */
public final class MySqlTargetDialect implements TargetDialect {

    public static final MySqlTargetDialect MARIADB = new MySqlTargetDialect(TargetKind.MARIADB);
    public static final MySqlTargetDialect MYSQL = new MySqlTargetDialect(TargetKind.MYSQL);

    /** MySQL's identifier limit is 64 characters; a PostgreSQL name (63 bytes at most) always fits. */
    private static final int MAX_IDENTIFIER = 64;
    /** ER_OPTION_PREVENTS_STATEMENT: the server runs with read_only and this user may not write under it. */
    private static final int READ_ONLY = 1290;
    private static final Set<Integer> RETRIABLE_CODES = Set.of(
            1205, // lock wait timeout
            1213, // deadlock
            1040, // too many connections
            1053, // server shutdown in progress
            2002, 2003, 2006, 2013); // cannot connect, gone away, lost connection
    private static final Set<Integer> CONFLICT_CODES = Set.of(1205, 1213);
    private static final String IF_NEWER = "IF(kafka_offset < VALUES(kafka_offset), VALUES(%1$s), %1$s)";

    private final TargetKind kind;

    private MySqlTargetDialect(TargetKind kind) {
        this.kind = kind;
    }

    @Override
    public TargetKind kind() {
        return kind;
    }

    @Override
    public int maxIdentifierBytes() {
        return MAX_IDENTIFIER;
    }

    @Override
    public String quote(String identifier) {
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains a NUL character: " + identifier.replace('\0', '?'));
        }
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    public String literal(String text) {
        // NO_BACKSLASH_ESCAPES may be on or off: a backslash is doubled, which reads as one backslash only when escapes
        // are on, so literals with a backslash are refused rather than read two ways.
        if (text.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("a MySQL literal with a backslash reads differently under NO_BACKSLASH_ESCAPES: " + text);
        }
        return "'" + text.replace("'", "''") + "'";
    }

    @Override
    public String bind(String columnType) {
        return ReverseBind.of(columnType).placeholder();
    }

    @Override
    public String bindText(String columnType, String canonical, String where) {
        return ReverseBind.of(columnType).text(canonical, where);
    }

    @Override
    public String upsert(TargetTable t, List<String> columns) {
        String cols = columns.stream().map(this::quote).collect(Collectors.joining(", "));
        String values = columns.stream().map(c -> bind(t.columnTypes().get(c))).collect(Collectors.joining(", "));
        List<String> nonKey = columns.stream().filter(c -> !t.primaryKey().contains(c)).toList();
        // With only key columns there is nothing to update; a key column assigned to itself keeps the row as it is
        // (INSERT IGNORE would also swallow the errors that must reach the dead-letter path).
        String action = nonKey.isEmpty() ? quote(t.primaryKey().get(0)) + " = " + quote(t.primaryKey().get(0))
                : nonKey.stream().map(c -> quote(c) + " = VALUES(" + quote(c) + ")").collect(Collectors.joining(", "));
        return "INSERT INTO " + qualified(t.id()) + " (" + cols + ") VALUES (" + values + ") ON DUPLICATE KEY UPDATE " + action;
    }

    @Override
    public LogicalType logicalType(String columnType) {
        return ColumnTypes.fromMySql(columnType);
    }

    @Override
    public Engine valueEngine() {
        return Engine.MYSQL;
    }

    @Override
    public Map<String, String> columns(Connection c, TableId table) throws SQLException {
        return MySqlCatalog.columns(c, table);
    }

    @Override
    public List<String> primaryKey(Connection c, TableId table) throws SQLException {
        return MySqlCatalog.primaryKey(c, table);
    }

    @Override
    public Set<String> generatedColumns(Connection c, TableId table) throws SQLException {
        return MySqlCatalog.generatedColumns(c, table);
    }

    @Override
    public String refusal(Connection c, TableId table) throws SQLException {
        return secondaryUniqueIndexProblem(table, MySqlCatalog.secondaryUniqueIndexes(c, table));
    }

    /**
     * Why a table's secondary unique indexes keep it from being written with {@code ON DUPLICATE KEY UPDATE}, or null
     * when it has none.
     */
    public static String secondaryUniqueIndexProblem(TableId table, Map<String, List<String>> secondary) {
        if (secondary.isEmpty()) {
            return null;
        }
        String list = secondary.entrySet().stream().map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")")
                .collect(Collectors.joining(", "));
        return "table " + table + " has a unique index besides its primary key: " + list + "; reverse replication writes "
                + "with INSERT .. ON DUPLICATE KEY UPDATE, which on such an index could update another row than the one "
                + "keyed, so the table cannot be rolled back to (make the index non-unique or leave the table out)";
    }

    @Override
    public String jdbcUrl(TargetConfig t) {
        // The MariaDB driver speaks to MySQL servers too; TLS parameters in its spelling.
        return "jdbc:mariadb://" + t.host() + ":" + t.port() + "/" + t.database()
                + DatabaseTls.urlSuffix(DatabaseTls.mariaDbJdbcParameters(t.tls()));
    }

    @Override
    public Properties connectionProperties(String applicationName) {
        Properties p = new Properties();
        p.setProperty("useAffectedRows", "true");
        p.setProperty("sessionVariables", "time_zone='+00:00'");
        p.setProperty("rewriteBatchedStatements", "false");
        p.setProperty("connectionAttributes", "program_name:" + applicationName.replace(',', '_').replace(':', '_'));
        return p;
    }

    @Override
    public boolean isDriverFrame(String className) {
        return className.startsWith("org.mariadb.");
    }

    /**
     * By vendor code first (MySQL puts many errors in the generic state HY000), then SQLState class: lost connections,
     * lock wait timeouts and deadlocks are retried; bad data and constraint violations make a poison record; a
     * read-only server (this user may not write under the freeze), authentication and privileges are permanent.
     */
    @Override
    public SqlErrorKind classify(SQLException e) {
        if (e.getErrorCode() == READ_ONLY) {
            return SqlErrorKind.PERMANENT;
        }
        if (RETRIABLE_CODES.contains(e.getErrorCode()) || e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return SqlErrorKind.RETRIABLE;
        }
        String state = e.getSQLState();
        if (state == null || state.length() < 2) {
            return SqlErrorKind.RETRIABLE;
        }
        return switch (state.substring(0, 2)) {
            case "08" -> SqlErrorKind.RETRIABLE;
            case "40" -> SqlErrorKind.RETRIABLE;
            case "22", "23" -> SqlErrorKind.POISON;
            default -> SqlErrorKind.PERMANENT;
        };
    }

    @Override
    public boolean isConflict(SQLException e) {
        return CONFLICT_CODES.contains(e.getErrorCode()) || "40001".equals(e.getSQLState());
    }

    /** Creates the {@code ferry} database and runs each statement; DDL commits on its own in MySQL. */
    @Override
    public void ensureBookkeeping(Connection c, String... createStatements) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS ferry DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            for (String sql : createStatements) {
                s.execute(sql);
            }
        } finally {
            c.setAutoCommit(auto);
        }
    }

    @Override
    public String createAppliedOffsets() {
        return "CREATE TABLE IF NOT EXISTS ferry.applied_offsets ("
                + "applier VARCHAR(255) NOT NULL, topic VARCHAR(255) NOT NULL, kafka_partition INT NOT NULL, "
                + "kafka_offset BIGINT NOT NULL, source_position TEXT, position TEXT, applied_at TIMESTAMP(6) NOT NULL, "
                + "PRIMARY KEY (applier, topic, kafka_partition)) ENGINE=InnoDB";
    }

    /**
     * The fence as one statement: every assignment keeps the old value unless the new offset is higher, and
     * {@code kafka_offset} is assigned last (MySQL evaluates the assignments in order, each seeing the ones before), so
     * a fenced row is left unchanged and counts 0 under {@code useAffectedRows}.
     */
    @Override
    public String upsertAppliedOffset() {
        return "INSERT INTO ferry.applied_offsets "
                + "(applier, topic, kafka_partition, kafka_offset, source_position, position, applied_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE "
                + "source_position = " + String.format(IF_NEWER, "source_position") + ", "
                + "position = " + String.format(IF_NEWER, "position") + ", "
                + "applied_at = " + String.format(IF_NEWER, "applied_at") + ", "
                + "kafka_offset = " + String.format(IF_NEWER, "kafka_offset");
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
                + "applier VARCHAR(255) NOT NULL, source_table VARCHAR(512) NOT NULL, source_position TEXT, position TEXT, "
                + "statement LONGTEXT, applied_at TIMESTAMP(6) NULL, PRIMARY KEY (applier, source_table)) ENGINE=InnoDB";
    }

    @Override
    public String insertSchemaChangeIfAbsent() {
        return "INSERT INTO ferry.schema_changes (applier, source_table) VALUES (?, ?) ON DUPLICATE KEY UPDATE applier = applier";
    }

    @Override
    public String lockSchemaChange() {
        return "SELECT position FROM ferry.schema_changes WHERE applier = ? AND source_table = ? FOR UPDATE";
    }

    @Override
    public String updateSchemaChange() {
        return "UPDATE ferry.schema_changes SET position = ?, source_position = ?, statement = ?, applied_at = UTC_TIMESTAMP(6) "
                + "WHERE applier = ? AND source_table = ?";
    }

    @Override
    public String createReplayedDeadLetters() {
        return "CREATE TABLE IF NOT EXISTS ferry.dead_letters_replayed ("
                + "pipeline VARCHAR(255) NOT NULL, topic VARCHAR(255) NOT NULL, kafka_partition INT NOT NULL, kafka_offset BIGINT NOT NULL, "
                + "outcome TEXT NOT NULL, replayed_at TIMESTAMP(6) NOT NULL, "
                + "PRIMARY KEY (pipeline, topic, kafka_partition, kafka_offset)) ENGINE=InnoDB";
    }

    @Override
    public String replayedDeadLettersExist() {
        return "SELECT COUNT(*) > 0 FROM information_schema.tables WHERE table_schema = 'ferry' AND table_name = 'dead_letters_replayed'";
    }

    @Override
    public String selectReplayedDeadLetters() {
        return "SELECT topic, kafka_partition, kafka_offset FROM ferry.dead_letters_replayed WHERE pipeline = ?";
    }

    @Override
    public String insertReplayedDeadLetter() {
        return "INSERT INTO ferry.dead_letters_replayed (pipeline, topic, kafka_partition, kafka_offset, outcome, replayed_at) "
                + "VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE pipeline = pipeline";
    }
}
