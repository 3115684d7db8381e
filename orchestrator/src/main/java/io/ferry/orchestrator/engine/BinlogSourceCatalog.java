package io.ferry.orchestrator.engine;

import io.ferry.capture.SourceTables;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.mapping.TypeMapper;
import io.ferry.orchestrator.check.Finding;
import io.ferry.orchestrator.check.FreezeChecks;
import io.ferry.orchestrator.check.RowSizes;
import io.ferry.orchestrator.check.SourceChecks;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.MySqlTable;
import io.ferry.orchestrator.schema.SchemaPlan;
import io.ferry.orchestrator.schema.SchemaPlanner;
import io.ferry.validator.ValidatedTable;
import io.ferry.validator.ValidatedTables;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** MariaDB and MySQL: {@code information_schema}, the binlog prerequisites, MySQL types mapped to PostgreSQL's. */
final class BinlogSourceCatalog implements SourceCatalog {

    private final PipelineConfig pipeline;
    private final TypeMapper types;

    BinlogSourceCatalog(PipelineConfig pipeline) {
        this.pipeline = pipeline;
        this.types = new TypeMapper(pipeline.types());
    }

    @Override
    public Selection read(Connection source) throws SQLException {
        List<MySqlTable> tables = MySqlCatalogReader.readSelected(source, pipeline);
        return new Selection() {
            @Override
            public List<Finding> check(Connection c) throws SQLException {
                List<Finding> findings = new ArrayList<>(SourceChecks.run(c, pipeline.source().database(), tables, types,
                        pipeline.tables().withoutPrimaryKey()));
                findings.addAll(FreezeChecks.run(c, pipeline.cutover(), pipeline.source().kind()));
                findings.addAll(RowSizes.run(c, tables, pipeline.kafka().maxMessageBytes()));
                return findings;
            }

            @Override
            public SchemaPlan plan(List<Finding> findings) {
                return new SchemaPlanner(types, pipeline.tables().withoutPrimaryKey()).plan(supported(findings), pipeline.target().schema());
            }

            @Override
            public List<Finding> reverseChecks(Connection target, List<Finding> findings) throws SQLException {
                return io.ferry.orchestrator.check.ReverseChecks.run(target, pipeline.target().schema(), supported(findings), types);
            }

            /** The tables without a column whose type Ferry cannot carry. */
            private List<MySqlTable> supported(List<Finding> findings) {
                return tables.stream().filter(t -> findings.stream()
                        .noneMatch(f -> f.code().equals("type.unsupported") && f.subject().startsWith(t.id() + "."))).toList();
            }
        };
    }

    @Override
    public List<TableId> validatedTables(Connection source) {
        return SourceTables.selected(pipeline);
    }

    @Override
    public ValidatedTable validated(Connection source, TableId table, Connection target, TableId targetTable) throws SQLException {
        return ValidatedTables.mysqlToPostgres(source, table, target, targetTable, pipeline.types());
    }
}
