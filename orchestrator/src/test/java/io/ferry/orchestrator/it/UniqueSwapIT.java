package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.core.config.ApplyConfig;
import io.ferry.core.config.TypesConfig;
import io.ferry.orchestrator.cutover.CutoverContext;
import io.ferry.orchestrator.cutover.StepReport;
import io.ferry.orchestrator.cutover.UniqueIndexesStep;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaPlan;
import io.ferry.orchestrator.schema.SchemaPlanner;
import io.ferry.core.schema.mapping.TypeMapper;
import io.ferry.orchestrator.schema.UniqueIndexBuilder;
import io.ferry.validator.ValidationOptions;
import io.ferry.validator.ValidationReport;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Swaps of a secondary UNIQUE column's values through a temporary value, each in one source transaction, while
 * changes stream with the default batch size, flush interval and partitions: a batch keeps only each key's last
 * change, so a unique index on the target would refuse the swap; the plan carries it as a plain index while
 * streaming and makes it unique after the drain, when the target enforces it.
 */
class UniqueSwapIT {

    private static final int ROWS = 200;
    private static final int SWAPS = 300;

    @Test
    void swapsOfUniqueValuesConvergeWithDefaultSettingsAndTheTargetEnforcesTheKeyAfterTheDrain() throws Exception {
        PipelineFixture f = new PipelineFixture("uniq_swap", "dlq", ApplyConfig.DEFAULT_BATCH_SIZE, ApplyConfig.DEFAULT_FLUSH_INTERVAL_MS, "");
        f.sourceSql("CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(64) NOT NULL, UNIQUE KEY uq_email (email))",
                "CREATE TABLE dup (id INT PRIMARY KEY, code INT NOT NULL, UNIQUE KEY uq_code (code))");
        List<String> emails = new ArrayList<>();
        StringBuilder insert = new StringBuilder("INSERT INTO users VALUES ");
        for (int i = 1; i <= ROWS; i++) {
            emails.add("u" + i + "@x");
            insert.append(i > 1 ? ", " : "").append("(").append(i).append(", 'u").append(i).append("@x')");
        }
        f.sourceSql(insert.toString(), "INSERT INTO dup VALUES (1, 1), (2, 2)");
        SchemaPlan plan;
        try (Connection c = f.source(); Connection pg = f.target()) {
            plan = new SchemaPlanner(new TypeMapper(TypesConfig.DEFAULTS)).plan(MySqlCatalogReader.read(c, f.name), "app");
            SchemaApplier.applyBeforeCopy(pg, plan);
        }
        assertThat(plan.uniqueIndexes()).hasSize(2);
        FerryCli.Result check = FerryCli.run("check", "-c", f.yamlWithPasswordFile().toString());
        assertThat(check.out()).contains("schema.unique-after-drain", "app.users.users_uq_email", "made unique after the final drain");

        try (LocalPipeline pipeline = f.startInProcess()) {
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> pipeline.capture().stats().streaming()
                    || pipeline.capture().stats().snapshotRows().values().stream().mapToLong(Long::longValue).sum() >= ROWS + 2);
            Random random = new Random(15);
            try (Connection c = f.source(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                for (int n = 0; n < SWAPS; n++) {
                    int a = 1 + random.nextInt(ROWS);
                    int b = 1 + (a + random.nextInt(ROWS - 1)) % ROWS;
                    String ea = emails.get(a - 1);
                    String eb = emails.get(b - 1);
                    s.executeUpdate("UPDATE users SET email = 'tmp' WHERE id = " + a);
                    s.executeUpdate("UPDATE users SET email = '" + ea + "' WHERE id = " + b);
                    s.executeUpdate("UPDATE users SET email = '" + eb + "' WHERE id = " + a);
                    c.commit();
                    emails.set(a - 1, eb);
                    emails.set(b - 1, ea);
                }
            }
            pipeline.awaitCaughtUp(Duration.ofSeconds(120));

            assertThat(pipeline.applier().stats().deadLetters()).as("dead letters").isZero();
            ValidationReport report = f.validate(ValidationOptions.DEFAULTS, "users");
            assertThat(report.hasDifferences()).as(report.text()).isFalse();
            assertThat(f.differences("users", List.of("id"))).isEmpty();
        }

        try (Connection pg = f.target()) {
            assertThat(UniqueIndexBuilder.isUnique(pg, plan.uniqueIndexes().get(0))).as("plain while streaming").isFalse();
        }
        // Rows on the target that break a key (a fault of someone else's): the build names table, index and value.
        f.targetSql("UPDATE app.dup SET code = 1 WHERE id = 2");
        UniqueIndexesStep step = new UniqueIndexesStep(f::target, plan.uniqueIndexes());
        StepReport dry = step.dryRun(null);
        assertThat(dry.details()).anySatisfy(l -> assertThat(l).contains("would make unique", "app.users", "~" + ROWS + " rows", "ms"));
        assertThatThrownBy(() -> step.run(new CutoverContext(null, false)))
                .isInstanceOf(UniqueIndexBuilder.DuplicateKeysException.class)
                .hasMessageContaining("app.dup").hasMessageContaining("dup_uq_code").hasMessageContaining("(code)=(1)");
        f.targetSql("UPDATE app.dup SET code = 2 WHERE id = 2");

        FerryCli.Result applied = FerryCli.run("schema", "-c", f.yamlWithPasswordFile().toString(), "--apply-after-drain");
        assertThat(applied.exit()).as(applied.out()).isZero();
        assertThat(applied.out()).contains("made unique: unique index users_uq_email on app.users");
        try (Connection pg = f.target()) {
            assertThat(UniqueIndexBuilder.isUnique(pg, plan.uniqueIndexes().get(0))).isTrue();
            String taken;
            try (Statement s = pg.createStatement(); var rs = s.executeQuery("SELECT email FROM app.users WHERE id = 1")) {
                rs.next();
                taken = rs.getString(1);
            }
            assertThatThrownBy(() -> {
                try (Statement s = pg.createStatement()) {
                    s.executeUpdate("UPDATE app.users SET email = '" + taken + "' WHERE id = 2");
                }
            }).isInstanceOf(SQLException.class).satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
        }
        // Run again (a rerun after a crash, or a cutover after the command): nothing to do, nothing fails.
        StepReport again = step.run(new CutoverContext(null, false));
        assertThat(again.details()).allSatisfy(l -> assertThat(l).startsWith("unique already"));
    }
}
