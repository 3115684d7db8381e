package io.ferry.capture.engine;

import io.ferry.core.config.PipelineConfig;
import io.ferry.core.config.SourceConfig;
import io.ferry.core.config.SourceKind;
import io.ferry.core.event.LogPosition;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What Ferry needs to know of a source engine, in one place: the Debezium connector and its engine-specific settings
 * (TLS included), the JDBC URL, identifier quoting, what capture reads of the catalog (base tables, the unique keys a
 * table without a primary key is keyed by, row estimates, snapshot SELECTs; through {@code MySqlCatalog} or
 * {@code PostgresCatalog}), the source's current log position (the cutover's watermark), reading capture's Debezium
 * offset as a typed position, and the freezes built for it. One implementation per {@link SourceKind}, chosen once by
 * {@link SourceEngines#of}; code elsewhere asks the engine instead of branching on the kind.
 */
public interface SourceEngine {

    SourceKind kind();

    // ---- Debezium ----------------------------------------------------------------------------------------------

    /** The engine's own Debezium settings: connector class, what to include, converters, locking. */
    void configureDebezium(Properties p, PipelineConfig config);

    /**
     * Debezium's {@code snapshot.mode} when the pipeline asks for Ferry's bulk load ({@code capture.snapshotMode: bulk}):
     * {@code no_data} where the bulk load exists (it copies the rows and seeds Debezium's offsets), {@code initial} where
     * Debezium's own snapshot does the full load.
     */
    String bulkSnapshotMode();

    // ---- connections and catalog ---------------------------------------------------------------------------------

    /** The JDBC URL of the source without TLS parameters and credentials. */
    String baseJdbcUrl(SourceConfig source);

    /** The JDBC URL of the source, with its TLS parameters; no credentials. */
    default String jdbcUrl(SourceConfig source) {
        return baseJdbcUrl(source) + io.ferry.core.tls.DatabaseTls.urlSuffix(tlsJdbcParameters(source.tls(), "source.tls"));
    }

    /**
     * The driver's URL parameters for TLS to the source ({@link io.ferry.core.tls.DatabaseTls} maps each driver's).
     *
     * @param key the configuration key of the TLS settings, for errors
     */
    Map<String, String> tlsJdbcParameters(io.ferry.core.config.TlsConfig tls, String key);

    /** Debezium's connector properties for TLS to the source. */
    Map<String, String> tlsDebeziumProperties(io.ferry.core.config.TlsConfig tls, String key);

    default Connection connect(SourceConfig source) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", source.user());
        props.setProperty("password", source.password().reveal());
        return DriverManager.getConnection(jdbcUrl(source), props);
    }

    /** A quoted identifier in the source's SQL. */
    String quote(String identifier);

    /** A quoted schema- (or database-) qualified table name in the source's SQL. */
    default String qualified(io.ferry.core.schema.TableId table) {
        return quote(table.schema()) + "." + quote(table.table());
    }

    /** The engine whose JDBC value quirks reading the source's rows in canonical form must know (the validator's reads). */
    io.ferry.core.value.jdbc.Engine valueEngine();

    /**
     * Whether a table that joins a running pipeline (its patterns changed) gets the rows it already holds through a
     * blocking snapshot that capture signals; where not, only its changes from then on are captured.
     */
    boolean snapshotsJoinedTables();

    /** The catalog's estimate of a table's rows; 0 when it has none. */
    long rowEstimate(Connection c, io.ferry.core.schema.TableId table) throws SQLException;

    /** The base tables (no views) of the source's schema or database, by name, as the catalog orders them. */
    java.util.List<String> baseTables(Connection c, String namespace) throws SQLException;

    /**
     * Whether a table created while capture runs, whose name the pipeline's patterns select, is captured from its
     * CREATE on: a binlog carries the DDL; a PostgreSQL publication holds the tables it was given at start (and a
     * partition's changes reach it as its root's), so capture there follows the tables listed at start only.
     */
    boolean capturesTablesCreatedWhileRunning();

    /** Whether Ferry's own bulk load ({@code capture.snapshotMode: bulk}) is built for this engine. */
    boolean hasBulkLoad();

    /**
     * The columns of the unique indexes of the tables of one schema or database, in index order, the primary key's
     * under {@link io.ferry.core.schema.jdbc.KeyColumn#PRIMARY}. The keyless-table rule ({@code SourceTables.substituteKeys})
     * reads it.
     */
    java.util.List<io.ferry.core.schema.jdbc.KeyColumn> uniqueKeyColumns(Connection c, String namespace) throws SQLException;

    /**
     * The SELECTs Debezium's snapshot should read some tables with, where its own would lose part of a value
     * ({@code snapshot.select.statement.overrides}); none by default.
     */
    default Map<io.ferry.core.schema.TableId, String> snapshotSelects(Connection c, String namespace,
                                                                     java.util.List<io.ferry.core.schema.TableId> tables) throws SQLException {
        return Map.of();
    }

    // ---- positions -----------------------------------------------------------------------------------------------

    /** The source's current position: every change committed before this call is at or before it. */
    LogPosition currentPosition(Connection source) throws SQLException;

    /**
     * Reads a position in its canonical text (as {@link LogPosition#text()} wrote it, or as the server prints it).
     *
     * @throws IllegalArgumentException naming the text and the form expected
     */
    LogPosition parsePosition(String text);

    /** Where capture is, read from its Debezium offset; empty when the offset says nothing of it yet. */
    Optional<LogPosition> capturedPosition(Map<String, ?> offset);

    /**
     * Whether capture's Debezium offset shows every change up to {@code watermark} handed over. Snapshot records carry
     * the position the snapshot started at, which may already cover the watermark: only a record from the log (or a
     * heartbeat after the snapshot) shows the snapshot delivered.
     */
    default boolean reached(Map<String, ?> offset, LogPosition watermark) {
        if (inSnapshot(offset)) {
            return false;
        }
        return capturedPosition(offset).map(p -> p.covers(watermark)).orElse(false);
    }

    /**
     * The statement {@link #logEvent} runs, for reports; empty where the engine has none (and {@link #logEvent} does
     * nothing).
     */
    default Optional<String> logEventStatement() {
        return Optional.empty();
    }

    /**
     * For the drain of a frozen source: makes the source write an event to its log without changing any data, and
     * returns where its log ended just before. Capture's stored position counts a transaction as done only with an
     * event read after it (a DDL statement on a table it does not capture, not even then), and on a frozen source the
     * next event is otherwise the server's heartbeat (for a binlog source every 0.8 s). Once capture has read that
     * event, {@link #readPast} shows it past everything logged before the freeze. Empty where the engine needs none.
     *
     * @throws SQLException when the source refuses the statement (the caller reports it and waits as before)
     */
    default Optional<LogPosition> logEvent(Connection source) throws SQLException {
        return Optional.empty();
    }

    /** Whether capture's Debezium offset shows it has read past {@code logEnd}, a position {@link #logEvent} returned. */
    default boolean readPast(Map<String, ?> offset, LogPosition logEnd) {
        return false;
    }

    /** Whether a Debezium offset is one of a snapshot record. */
    static boolean inSnapshot(Map<String, ?> offset) {
        Object snapshot = offset.get("snapshot");
        return snapshot != null && !"false".equalsIgnoreCase(snapshot.toString());
    }

    /**
     * What reads, from the source, the values a row change did not carry though its event must have them (PostgreSQL's
     * unchanged TOASTed values in the INSERT of a key change); null for a source that always sends them. Capture
     * closes it when it stops.
     */
    default io.ferry.capture.UnsentValues unsentValues(SourceConfig source) {
        return null;
    }

    /**
     * Whether capture holds a replication slot (and publication) on the source that outlives it and must be dropped
     * when the migration is over, completed or abandoned ({@code PostgresSlot.drop}).
     */
    default boolean hasReplicationSlot() {
        return false;
    }

    /**
     * Releases what capture holds on the source once the migration is over, completed or abandoned (capture stopped):
     * a PostgreSQL source's replication slot and publication. Idempotent.
     *
     * @return a line saying what was released
     */
    default String releaseCapture(SourceConfig source, String pipeline) throws SQLException {
        return "a " + kind().name().toLowerCase(java.util.Locale.ROOT) + " source keeps nothing for capture; nothing to release";
    }

    /** What {@link #releaseCapture} would do, for a dry run. */
    default String describeRelease(String pipeline) {
        return "nothing to release on a " + kind().name().toLowerCase(java.util.Locale.ROOT) + " source";
    }

    // ---- the cutover's freeze ------------------------------------------------------------------------------------

    /**
     * Whether the {@code revoke} freeze (the application account's write privileges revoked on the database, its
     * sessions ended; {@code RevokeFreeze}) is built for this engine.
     */
    default boolean supportsRevokeFreeze() {
        return false;
    }

    /**
     * The statements of the {@code read_only} freeze of this engine.
     *
     * @param database the source database
     * @param role     the application's account (role or user name), or null when none is configured
     */
    ReadOnlySwitch readOnlyFreeze(String database, String role);
}
