package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.core.config.TypesConfig;
import io.ferry.orchestrator.cutover.CutoverContext;
import io.ferry.orchestrator.cutover.CutoverRefusedException;
import io.ferry.orchestrator.cutover.PipelineReadiness;
import io.ferry.orchestrator.cutover.PreChecksStep;
import io.ferry.orchestrator.dlq.PipelineDeadLetters;
import io.ferry.orchestrator.migration.ReadinessGate;
import io.ferry.orchestrator.migration.Refusal;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaPlanner;
import io.ferry.core.schema.mapping.TypeMapper;
import io.ferry.validator.ValidationOptions;
import io.ferry.validator.ValidationReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Records the target refuses (a CHECK constraint there that the source does not have) are parked, counted where users
 * look, listed, and block the cutover; once the cause is fixed, {@code ferry dlq replay} applies them in order, skips
 * one whose row a later change has moved on already, and applies nothing twice; the target then equals the source.
 */
class DeadLetterReplayIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void parkedRecordsAreListedBlockTheCutoverAndAreReplayedOnceAfterTheCauseIsFixed() throws Exception {
        PipelineFixture f = new PipelineFixture("dlq_replay", "dlq", 500);
        f.sourceSql("CREATE TABLE items (id INT PRIMARY KEY, qty INT NOT NULL, note VARCHAR(20))",
                "INSERT INTO items VALUES (1, 1, 'a'), (2, 2, 'b'), (3, 3, 'c')");
        try (Connection c = f.source(); Connection pg = f.target()) {
            SchemaApplier.applyBeforeCopy(pg, new SchemaPlanner(new TypeMapper(TypesConfig.DEFAULTS)).plan(MySqlCatalogReader.read(c, f.name), "app"));
        }
        // The cause, on purpose: a rule on the target that the source does not know.
        f.targetSql("ALTER TABLE app.items ADD CONSTRAINT qty_small CHECK (qty < 100)");
        Path yaml = f.yamlWithPasswordFile();
        PipelineDeadLetters deadLetters = new PipelineDeadLetters(f.config, f::target);

        try (LocalPipeline pipeline = f.startInProcess()) {
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> pipeline.capture().stats().streaming()
                    || pipeline.capture().stats().snapshotRows().values().stream().mapToLong(Long::longValue).sum() >= 3);
            pipeline.awaitCaughtUp(Duration.ofSeconds(60));
            f.sourceSql("UPDATE items SET qty = 500, note = 'big' WHERE id = 1", "INSERT INTO items VALUES (4, 700, 'd')",
                    "UPDATE items SET qty = 900 WHERE id = 2");
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters.count() == 3);
            // A later change of a parked row, applied: a replay must not put the row back to the parked version.
            f.sourceSql("UPDATE items SET qty = 20 WHERE id = 2");
            pipeline.awaitCaughtUp(Duration.ofSeconds(60));
            assertThat(pipeline.applier().stats().deadLetters()).isEqualTo(3);

            FerryCli.Result status = FerryCli.run("status", "-c", yaml.toString());
            assertThat(status.out()).contains("dead letters       3 parked, not replayed", "ferry dlq list");

            FerryCli.Result list = FerryCli.run("dlq", "list", "-c", yaml.toString(), "--json");
            assertThat(list.exit()).as(list.out()).isEqualTo(1);
            JsonNode listed = JSON.readTree(list.json());
            assertThat(listed).hasSize(3);
            assertThat(listed).allSatisfy(r -> {
                assertThat(r.get("table").asText()).isEqualTo("dlq_replay.items");
                assertThat(r.get("reason").asText()).contains("23514").contains("qty_small");
                assertThat(r.get("position").asText()).isNotBlank();
                assertThat(r.get("parkedAt").asText()).isNotBlank();
            });
            assertThat(listed.findValues("key")).extracting(k -> k.get("id").asText()).containsExactlyInAnyOrder("1", "4", "2");
            FerryCli.Result table = FerryCli.run("dlq", "list", "-c", yaml.toString());
            assertThat(table.out()).contains("3 parked record(s) not replayed", "dlq_replay.items", "ferry dlq replay");

            FerryCli.Result validate = FerryCli.run("validate", "-c", yaml.toString());
            assertThat(validate.exit()).isEqualTo(1);
            assertThat(validate.out()).contains("dead letters of pipeline dlq_replay: 3 parked, not replayed");

            // The cutover's pre-checks refuse while records are parked.
            try (PipelineReadiness readiness = new PipelineReadiness(f.config, f::target, () -> true)) {
                PreChecksStep preChecks = new PreChecksStep(readiness, new ReadinessGate(Duration.ofSeconds(60), Duration.ZERO), new io.ferry.orchestrator.cutover.NoFreeze());
                assertThatThrownBy(() -> preChecks.run(new CutoverContext(null, false))).isInstanceOf(CutoverRefusedException.class)
                        .satisfies(e -> assertThat(((CutoverRefusedException) e).refusals()).anySatisfy(r -> {
                            assertThat(r.code()).isEqualTo(Refusal.Code.DLQ_NOT_EMPTY);
                            assertThat(r.reason()).contains("3 record(s)", "ferry dlq replay");
                        }));
            }

            // The cause fixed, while the pipeline keeps running.
            f.targetSql("ALTER TABLE app.items DROP CONSTRAINT qty_small");
            FerryCli.Result replay = FerryCli.run("dlq", "replay", "-c", yaml.toString());
            assertThat(replay.exit()).as(replay.out()).isZero();
            assertThat(replay.out()).contains("3 record(s): 2 applied, 1 superseded by a later change, 0 still parked");

            ValidationReport report = f.validate(ValidationOptions.DEFAULTS, "items");
            assertThat(report.hasDifferences()).as(report.text()).isFalse();
            assertThat(f.differences("items", List.of("id"))).isEmpty();
            assertThat(deadLetters.count()).isZero();
            try (PipelineReadiness readiness = new PipelineReadiness(f.config, f::target, () -> true)) {
                assertThat(readiness.read().deadLetters()).isZero();
            }

            // A second replay has nothing to do; a change made meanwhile is not undone.
            f.sourceSql("UPDATE items SET qty = 5 WHERE id = 1");
            pipeline.awaitCaughtUp(Duration.ofSeconds(60));
            FerryCli.Result again = FerryCli.run("dlq", "replay", "-c", yaml.toString());
            assertThat(again.exit()).as(again.out()).isZero();
            assertThat(again.out()).contains("0 record(s): 0 applied");
            assertThat(f.differences("items", List.of("id"))).isEmpty();
            try (Connection pg = f.target(); Statement s = pg.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM ferry.dead_letters_replayed WHERE pipeline = 'dlq_replay'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3);
            }
            assertThat(FerryCli.run("dlq", "list", "-c", yaml.toString()).exit()).isZero();
        }
    }
}
