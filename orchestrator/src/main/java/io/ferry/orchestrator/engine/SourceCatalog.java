package io.ferry.orchestrator.engine;

import io.ferry.core.config.PipelineConfig;
import io.ferry.core.schema.TableId;
import io.ferry.orchestrator.check.Finding;
import io.ferry.orchestrator.schema.SchemaPlan;
import io.ferry.validator.ValidatedTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The orchestrator's side of a source engine: reading the pipeline's tables from the source's catalog, {@code ferry
 * check}'s prerequisite checks of the source, the target schema plan for those tables, and how the validator compares
 * one of them. One implementation per catalog family (the binlog engines MariaDB and MySQL share
 * {@code information_schema}; PostgreSQL reads {@code pg_catalog}), chosen once by {@link #of}; {@code ferry check},
 * {@code ferry schema} and validation ask it instead of branching on the source kind. The capture side of an engine
 * is {@link io.ferry.capture.engine.SourceEngine}.
 */
public interface SourceCatalog {

    static SourceCatalog of(PipelineConfig pipeline) {
        return switch (pipeline.source().kind()) {
            case MARIADB, MYSQL -> new BinlogSourceCatalog(pipeline);
            case POSTGRESQL -> new PostgresSourceCatalog(pipeline);
        };
    }

    /** Reads the tables the pipeline selects, as the source's catalog describes them. */
    Selection read(Connection source) throws SQLException;

    /** The ids of the tables the pipeline selects, in the order the validator compares them. */
    List<TableId> validatedTables(Connection source) throws SQLException;

    /** How the validator compares a source table with its target table. */
    ValidatedTable validated(Connection source, TableId table, Connection target, TableId targetTable) throws SQLException;

    /** The selected tables of one read of the catalog. */
    interface Selection {

        /** {@code ferry check}'s findings about the source: prerequisites, keys, types, values, the freeze. */
        List<Finding> check(Connection source) throws SQLException;

        /**
         * The target schema for the selected tables; with {@code findings} of {@link #check}, tables holding a column
         * whose type Ferry cannot carry are left out.
         */
        SchemaPlan plan(List<Finding> findings);

        /**
         * With {@code cutover.reverse.enabled}: findings about the source tables as the targets of reverse replication
         * (docs/rollback.md); none where the engine has no way back.
         */
        default List<Finding> reverseChecks(Connection target, List<Finding> findings) throws SQLException {
            return List.of();
        }
    }
}
