package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.capture.PostgresSlot;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.config.TablesConfig.KeylessTables;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.schema.PostgresCatalogReader;
import io.ferry.orchestrator.schema.PostgresSchemaPlanner;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.sandbox.Sandbox;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL-source migration given up without a cutover: while capture runs, {@code ferry check} reports the WAL its
 * replication slot retains; once capture is stopped, {@code ferry abandon} drops the slot and the publication (and says
 * so again, harmlessly, when run twice), so the source keeps no WAL for a migration that is over.
 */
class PostgresAbandonIT {

    @Test
    void abandoningAMigrationLeavesNoSlotOrPublicationBehind() throws Exception {
        Sandbox sandbox = Sandbox.shared();
        String name = "pgabandon";
        sandbox.postgres().createDatabase(name + "_src");
        sandbox.postgres().createDatabase(name);
        try (Connection src = sandbox.postgres().connect(name + "_src"); Statement s = src.createStatement()) {
            s.execute("CREATE SCHEMA src");
            s.execute("CREATE TABLE src.ledger (id int PRIMARY KEY, v int NOT NULL)");
            s.execute("INSERT INTO src.ledger SELECT g, 0 FROM generate_series(1, 20) g");
        }
        try (Connection src = sandbox.postgres().connect(name + "_src"); Connection pg = sandbox.postgres().connect(name)) {
            SchemaApplier.applyBeforeCopy(pg, new PostgresSchemaPlanner(KeylessTables.UNIQUE_INDEX).plan(PostgresCatalogReader.read(src, "src"), "app"));
        }
        PipelineConfig config = PostgresToPostgresIT.config(sandbox, name);
        Path yaml = sandbox.directory().resolve(name + ".yaml");
        try (LocalPipeline pipeline = new LocalPipeline(config).start()) {
            try (Connection c = sandbox.postgres().connect(name + "_src"); Statement s = c.createStatement()) {
                s.execute("INSERT INTO src.ledger SELECT g, 1 FROM generate_series(21, 40) g");
            }
            pipeline.awaitCaughtUp(Duration.ofSeconds(120));
            assertThat(PostgresSlot.slotExists(config.source(), name)).isTrue();
            try (Connection c = sandbox.postgres().connect(name + "_src")) {
                OptionalLong retained = PostgresSlot.retainedWalBytes(c, name);
                assertThat(retained).as("the slot's retained WAL is readable").isPresent();
                assertThat(retained.getAsLong()).isNotNegative();
            }
            FerryCli.Result check = FerryCli.run("check", "-c", yaml.toString(), "--json");
            assertThat(check.out()).as("ferry check reports the slot's retained WAL").contains("slot.lag").contains("ferry_pgabandon");
            FerryCli.Result refused = FerryCli.run("abandon", "-c", yaml.toString());
            assertThat(refused.exit()).as("the slot is in use while capture runs").isEqualTo(1);
        }
        FerryCli.Result abandoned = FerryCli.run("abandon", "-c", yaml.toString());
        assertThat(abandoned.exit()).as(abandoned.out()).isZero();
        assertThat(abandoned.out()).contains("dropped replication slot ferry_pgabandon");
        assertThat(PostgresSlot.slotExists(config.source(), name)).isFalse();
        assertThat(PostgresSlot.publicationExists(config.source(), name)).isFalse();
        try (Connection c = sandbox.postgres().connect(name + "_src"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE 'ferry_pgabandon%'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        FerryCli.Result again = FerryCli.run("abandon", "-c", yaml.toString());
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("found no replication slot");
    }
}
