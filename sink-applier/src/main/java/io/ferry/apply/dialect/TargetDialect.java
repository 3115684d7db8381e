package io.ferry.apply.dialect;

import io.ferry.core.config.TargetConfig;
import io.ferry.core.config.TargetKind;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.TargetNames;
import io.ferry.core.value.LogicalType;
import io.ferry.core.value.jdbc.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Everything the applier says to its target in the target's own SQL: identifiers and literals, the placeholder (with
 * its cast) that turns a canonical text value into a column's type, the upsert and delete statements, the catalog of
 * a table's columns and keys, the {@code ferry} bookkeeping tables and their statements, the classification of the
 * target's errors, and its name length limit. One implementation per target engine, chosen once from the pipeline's
 * {@link TargetKind} by {@link TargetDialects#of}; nothing else in the applier branches on the engine.
 *
 * <p>The bookkeeping statements take their parameters in the order their javadoc names; an implementation keeps
 * the order and the semantics (for example the applied-offsets fence) and spells them in its engine's SQL.
 */
public interface TargetDialect {

    /** The engine this dialect speaks. */
    TargetKind kind();

    // ---- names and literals -----------------------------------------------------------------------------------

    /** The longest identifier the target accepts, in bytes of UTF-8. */
    int maxIdentifierBytes();

    /** The target's name for a source identifier: kept, or cut to {@link #maxIdentifierBytes()} with a hash. */
    default String targetName(String source) {
        return TargetNames.shorten(source, maxIdentifierBytes());
    }

    /** A quoted identifier; a NUL character is refused. */
    String quote(String identifier);

    /** A quoted schema-qualified table name. */
    default String qualified(TableId table) {
        return quote(table.schema()) + "." + quote(table.table());
    }

    /** A string literal. */
    String literal(String text);

    // ---- writing rows -----------------------------------------------------------------------------------------

    /** The parameter placeholder for a column of the given catalog type, with the cast that reads canonical text. */
    String bind(String columnType);

    /**
     * The text bound to {@link #bind}'s placeholder for a canonical value (null stays null): the value itself where the
     * placeholder reads canonical text (PostgreSQL), a converted one where the engine reads another form (MySQL's 1 for
     * {@code true}). A value the column cannot hold is an {@link IllegalArgumentException} naming {@code where}.
     *
     * @param where {@code table.column}, for errors
     */
    default String bindText(String columnType, String canonical, String where) {
        return canonical;
    }

    /** Inserts a row or, when its key exists, updates the given columns (which include the key). */
    String upsert(TargetTable table, List<String> columns);

    /** Deletes the row with the bound key columns, in {@link TargetTable#primaryKey()} order. */
    default String delete(TargetTable table) {
        return "DELETE FROM " + qualified(table.id()) + " WHERE " + table.primaryKey().stream()
                .map(c -> quote(c) + " = " + bind(table.columnTypes().get(c)))
                .collect(java.util.stream.Collectors.joining(" AND "));
    }

    /** The logical type of a column of the given catalog type, to read its values back in canonical form. */
    LogicalType logicalType(String columnType);

    /** The engine whose JDBC quirks reading canonical values back must know. */
    Engine valueEngine();

    // ---- catalog ----------------------------------------------------------------------------------------------

    /** Column name to catalog type (as {@link #bind} expects it), in column order; empty when the table does not exist. */
    Map<String, String> columns(Connection c, TableId table) throws SQLException;

    /** The primary key's columns in key order; empty when there is none. */
    List<String> primaryKey(Connection c, TableId table) throws SQLException;

    /** The columns the target computes itself, which upserts leave out. */
    Set<String> generatedColumns(Connection c, TableId table) throws SQLException;

    /**
     * Why an existing table with a primary key still cannot be written through {@link #upsert} exactly, or null when it
     * can (MySQL: a secondary unique index, on which {@code ON DUPLICATE KEY UPDATE} could update another row).
     */
    default String refusal(Connection c, TableId table) throws SQLException {
        return null;
    }

    // ---- connections ------------------------------------------------------------------------------------------

    /** The JDBC URL of the target, with its TLS parameters; no credentials. */
    String jdbcUrl(TargetConfig target);

    /** Driver properties the applier wants besides user and password (batching, the application's name). */
    Properties connectionProperties(String applicationName);

    /** Whether a stack frame belongs to the JDBC driver (an assertion failing inside it is a lost connection). */
    boolean isDriverFrame(String className);

    // ---- errors -----------------------------------------------------------------------------------------------

    /** Sorts an error by what to do about it, by SQLState and vendor code. */
    SqlErrorKind classify(SQLException e);

    /** Whether an error is a deadlock or serialization failure that running the transaction again resolves. */
    boolean isConflict(SQLException e);

    // ---- the ferry bookkeeping schema ---------------------------------------------------------------------------

    /**
     * Creates the {@code ferry} schema and runs each {@code CREATE ... IF NOT EXISTS} statement, each in a transaction
     * of its own, tolerating another process creating the same object at the same moment; the connection's
     * auto-commit mode is restored afterwards.
     */
    void ensureBookkeeping(Connection c, String... createStatements) throws SQLException;

    /** {@code ferry.applied_offsets}: per applier and partition the last Kafka offset and source position applied. */
    String createAppliedOffsets();

    /**
     * Records a partition's progress; parameters: applier, topic, partition, Kafka offset, position as text, position
     * as JSON. Changes no row (update count 0) when the recorded offset is already at or past the new one (the fence
     * between two instances of one application).
     */
    String upsertAppliedOffset();

    /** Parameters: applier. Columns: topic, partition, Kafka offset, position as JSON. */
    String selectAppliedOffsets();

    /** Parameters: applier, topic, partition. Column: the Kafka offset; the row stays locked until the transaction ends. */
    String lockAppliedOffset();

    /** {@code ferry.schema_changes}: per applier and source table the last schema change carried. */
    String createSchemaChanges();

    /** Parameters: applier, source table. Inserts the row unless it exists. */
    String insertSchemaChangeIfAbsent();

    /** Parameters: applier, source table. Column: the position as JSON; the row stays locked. */
    String lockSchemaChange();

    /** Parameters: position as JSON, position as text, statement, applier, source table. */
    String updateSchemaChange();

    /** {@code ferry.dead_letters_replayed}: the dead letters {@code ferry dlq replay} has dealt with. */
    String createReplayedDeadLetters();

    /** A query with one boolean column: whether {@code ferry.dead_letters_replayed} exists. */
    String replayedDeadLettersExist();

    /** Parameters: pipeline. Columns: topic, partition, Kafka offset. */
    String selectReplayedDeadLetters();

    /** Parameters: pipeline, topic, partition, Kafka offset, outcome. Inserts unless the record is there. */
    String insertReplayedDeadLetter();

    /**
     * The statements of the coordinator's migration record ({@code ferry.migrations}, {@code ferry.migration_log}), or
     * empty where this target cannot hold it: the coordinator keeps it in the pipeline's target, which only PostgreSQL
     * is today.
     */
    default java.util.Optional<MigrationBookkeeping> migrationBookkeeping() {
        return java.util.Optional.empty();
    }
}
