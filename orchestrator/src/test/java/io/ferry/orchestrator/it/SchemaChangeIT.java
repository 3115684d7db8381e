package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.schema.TableId;
import io.ferry.core.schema.jdbc.PostgresCatalog;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaPlanner;
import io.ferry.core.schema.mapping.TypeMapper;
import io.ferry.validator.ValidationOptions;
import io.ferry.validator.ValidationReport;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * DDL on the source while changes stream: additive statements reach the target before the rows that need them
 * (the pipeline stops on any rejected row, so a row that does not fit fails the test); others stop the applier
 * with the statement named, and a target fixed by hand lets it go on.
 */
class SchemaChangeIT {

    @Test
    void addedColumnWideningsNewEnumLabelAndNewTableWhileStreamingAllArrive() throws Exception {
        PipelineFixture f = new PipelineFixture("ddl_additive", "stop", 100);
        f.sourceSql("CREATE TABLE t (id INT PRIMARY KEY, v INT NOT NULL, flag ENUM('a','b') NOT NULL DEFAULT 'a', name VARCHAR(10))",
                "INSERT INTO t VALUES (1, 1, 'a', 'one'), (2, 2, 'b', 'two'), (3, 3, 'a', NULL)");
        plan(f);
        try (LocalPipeline pipeline = f.startInProcess()) {
            awaitStreaming(pipeline);
            f.sourceSql("INSERT INTO t VALUES (4, 4, 'b', 'four')",
                    "ALTER TABLE t ADD COLUMN c2 INT DEFAULT 7",
                    "INSERT INTO t (id, v, c2) VALUES (5, 5, 9)",
                    "UPDATE t SET v = 10 WHERE id = 1",
                    "ALTER TABLE t MODIFY v BIGINT NOT NULL",
                    "INSERT INTO t (id, v) VALUES (6, 3000000000)",
                    "UPDATE t SET v = 4294967296 WHERE id = 2",
                    "ALTER TABLE t MODIFY flag ENUM('a','b','c') NOT NULL DEFAULT 'a'",
                    "INSERT INTO t (id, v, flag) VALUES (7, 7, 'c')",
                    "ALTER TABLE t MODIFY name VARCHAR(40)",
                    "INSERT INTO t (id, v, name) VALUES (8, 8, 'a name longer than ten')",
                    "CREATE TABLE t_new (id INT PRIMARY KEY, label VARCHAR(20) NOT NULL DEFAULT 'x')",
                    "INSERT INTO t_new VALUES (1, 'one'), (2, 'two')",
                    "INSERT INTO t_new (id) VALUES (3)",
                    "UPDATE t_new SET label = 'deux' WHERE id = 2");
            pipeline.awaitCaughtUp(Duration.ofSeconds(90));
            assertThat(pipeline.failure()).as("no change was refused by the target").isNull();
        }
        try (Connection pg = f.target()) {
            Map<String, String> columns = PostgresCatalog.columns(pg, TableId.of("app", "t"));
            assertThat(columns).containsEntry("c2", "integer").containsEntry("v", "bigint").containsEntry("name", "character varying(40)");
            assertThat(new ArrayList<>(columns.keySet())).containsExactly("id", "v", "flag", "name", "c2");
            assertThat(PostgresCatalog.columns(pg, TableId.of("app", "t_new"))).containsOnlyKeys("id", "label");
        }
        assertThat(f.differences("t", List.of("id"))).as("t, target against source").isEmpty();
        assertThat(f.differences("t_new", List.of("id"))).as("t_new, target against source").isEmpty();
        ValidationReport report = f.validate(ValidationOptions.DEFAULTS, "t", "t_new");
        assertThat(report.hasDifferences()).as(report.text()).isFalse();
    }

    /**
     * Debezium describes the columns of a table it read at the snapshot from SHOW CREATE TABLE, and capture turns that
     * description back into the type mapping's input: an added column must not make any other column look changed.
     */
    @Test
    void columnAddedToATableOfManyTypesLeavesTheOtherColumnsAlone() throws Exception {
        PipelineFixture f = new PipelineFixture("ddl_types", "stop", 100);
        f.sourceSql("CREATE TABLE t (id BIGINT UNSIGNED PRIMARY KEY, a TINYINT(1), b BIT(1), c BIT(5), d SMALLINT UNSIGNED,"
                        + " e MEDIUMINT, f INT UNSIGNED, g DECIMAL(12,3), h DECIMAL(8,2) UNSIGNED, i FLOAT, j DOUBLE, k YEAR,"
                        + " l CHAR(3), m VARCHAR(30) NOT NULL DEFAULT 'x', n TINYTEXT, o MEDIUMTEXT, p BINARY(4), q VARBINARY(10),"
                        + " r BLOB, s DATE, u DATETIME, v DATETIME(3), w TIMESTAMP(6) NULL, x TIME, y TIME(2), z JSON,"
                        + " en ENUM('p','q') DEFAULT 'p', st SET('r','s'))",
                "INSERT INTO t (id, m) VALUES (1, 'one')");
        plan(f);
        Map<String, String> before;
        try (Connection pg = f.target()) {
            before = PostgresCatalog.columns(pg, TableId.of("app", "t"));
        }
        try (LocalPipeline pipeline = f.startInProcess()) {
            awaitStreaming(pipeline);
            f.sourceSql("ALTER TABLE t ADD COLUMN added INT", "INSERT INTO t (id, m, added) VALUES (2, 'two', 2)");
            pipeline.awaitCaughtUp(Duration.ofSeconds(60));
            assertThat(pipeline.failure()).as("no column looked changed or narrowed").isNull();
        }
        try (Connection pg = f.target()) {
            Map<String, String> after = new java.util.LinkedHashMap<>(PostgresCatalog.columns(pg, TableId.of("app", "t")));
            assertThat(after.remove("added")).isEqualTo("integer");
            assertThat(after).isEqualTo(before);
        }
        assertThat(f.differences("t", List.of("id"))).isEmpty();
    }

    @Test
    void droppedColumnStopsTheApplierNamingTheStatementAndGoesOnOnceTheTargetMatches() throws Exception {
        PipelineFixture f = new PipelineFixture("ddl_drop", "stop", 100);
        f.sourceSql("CREATE TABLE t (id INT PRIMARY KEY, v INT, w INT)", "INSERT INTO t VALUES (1, 1, 1)");
        plan(f);
        try (LocalPipeline pipeline = f.startInProcess()) {
            awaitStreaming(pipeline);
            f.sourceSql("ALTER TABLE t DROP COLUMN w", "INSERT INTO t VALUES (2, 2)");
            String message = awaitStop(pipeline);
            assertThat(message).contains("ALTER TABLE t DROP COLUMN w").contains("table ddl_drop.t").contains("binlog")
                    .contains("drops or renames column w").contains("docs/schema-changes.md");
        }
        f.targetSql("ALTER TABLE app.t DROP COLUMN w");
        try (LocalPipeline pipeline = f.startInProcess()) {
            f.sourceSql("INSERT INTO t VALUES (3, 3)");
            pipeline.awaitCaughtUp(Duration.ofSeconds(60));
            assertThat(pipeline.failure()).isNull();
        }
        assertThat(f.differences("t", List.of("id"))).as("target against source after the fix").isEmpty();
    }

    @Test
    void primaryKeyChangeStopsTheApplierNamingTheStatement() throws Exception {
        PipelineFixture f = new PipelineFixture("ddl_pk", "stop", 100);
        f.sourceSql("CREATE TABLE t (id INT PRIMARY KEY, v INT NOT NULL)", "INSERT INTO t VALUES (1, 1)");
        plan(f);
        try (LocalPipeline pipeline = f.startInProcess()) {
            awaitStreaming(pipeline);
            f.sourceSql("ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (id, v)", "INSERT INTO t VALUES (2, 2)");
            String message = awaitStop(pipeline);
            assertThat(message).contains("ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (id, v)").contains("table ddl_pk.t")
                    .contains("changes the primary key from [id] to [id, v]");
        }
    }

    private static void plan(PipelineFixture f) throws Exception {
        try (Connection c = f.source(); Connection pg = f.target()) {
            SchemaApplier.applyBeforeCopy(pg, new SchemaPlanner(new TypeMapper(f.config.types())).plan(MySqlCatalogReader.read(c, f.name), "app"));
        }
    }

    /** Until the snapshot is applied and capture reads the binlog past everything committed so far. */
    private static void awaitStreaming(LocalPipeline pipeline) throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.capture().stats().streaming()
                || pipeline.capture().stats().snapshotRows().values().stream().mapToLong(Long::longValue).sum() >= 1);
        pipeline.awaitCaughtUp(Duration.ofSeconds(60));
    }

    /** Waits for the pipeline to stop and returns the messages along its failure's cause chain. */
    private static String awaitStop(LocalPipeline pipeline) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.failure() != null);
        StringBuilder sb = new StringBuilder();
        for (Throwable t = pipeline.failure(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
