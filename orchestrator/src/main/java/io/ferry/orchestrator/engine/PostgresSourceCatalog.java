package io.ferry.orchestrator.engine;

import io.ferry.core.config.PipelineConfig;
import io.ferry.core.schema.TableId;
import io.ferry.orchestrator.check.Finding;
import io.ferry.orchestrator.check.PostgresSourceChecks;
import io.ferry.orchestrator.schema.PostgresCatalogReader;
import io.ferry.orchestrator.schema.PostgresSchemaPlanner;
import io.ferry.orchestrator.schema.PostgresSourceTable;
import io.ferry.orchestrator.schema.SchemaPlan;
import io.ferry.validator.ValidatedTable;
import io.ferry.validator.ValidatedTables;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** PostgreSQL: {@code pg_catalog}, logical decoding's prerequisites and the slot's retained WAL, every type kept. */
final class PostgresSourceCatalog implements SourceCatalog {

    private final PipelineConfig pipeline;

    PostgresSourceCatalog(PipelineConfig pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public Selection read(Connection source) throws SQLException {
        List<PostgresSourceTable> tables = PostgresCatalogReader.readSelected(source, pipeline);
        return new Selection() {
            @Override
            public List<Finding> check(Connection c) throws SQLException {
                List<Finding> findings = new java.util.ArrayList<>(PostgresSourceChecks.run(c, tables, pipeline.tables().withoutPrimaryKey(),
                        pipeline.name()));
                var engine = io.ferry.capture.engine.SourceEngines.of(pipeline.source().kind());
                findings.addAll(io.ferry.orchestrator.check.FreezeChecks.unsupported(pipeline.cutover(), engine));
                var cutover = pipeline.cutover();
                if (cutover.freeze() == io.ferry.core.config.FreezeMethod.READ_ONLY) {
                    findings.addAll(io.ferry.orchestrator.check.FreezeChecks.notPermitted(c, engine.readOnlyFreeze(pipeline.source().database(),
                            cutover.applicationUser() == null ? null : cutover.applicationUserName())));
                }
                return findings;
            }

            @Override
            public SchemaPlan plan(List<Finding> findings) {
                return new PostgresSchemaPlanner(pipeline.tables().withoutPrimaryKey()).plan(tables, pipeline.target().schema());
            }
        };
    }

    @Override
    public List<TableId> validatedTables(Connection source) throws SQLException {
        return PostgresCatalogReader.readSelected(source, pipeline).stream().map(PostgresSourceTable::id).toList();
    }

    @Override
    public ValidatedTable validated(Connection source, TableId table, Connection target, TableId targetTable) throws SQLException {
        return ValidatedTables.postgresToPostgres(source, table, target, targetTable);
    }
}
