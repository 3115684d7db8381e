package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.core.schema.TableId;
import io.ferry.core.schema.jdbc.PostgresCatalog;
import io.ferry.orchestrator.demo.ShopDatabase;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.MySqlTable;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaConflictException;
import io.ferry.orchestrator.schema.SchemaPlan;
import io.ferry.orchestrator.schema.SchemaPlanner;
import io.ferry.core.schema.mapping.TypeMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Schema conversion against real MariaDB and PostgreSQL: catalog reading, planning, applying, re-applying. */
class SchemaIT {

    private final SchemaPlanner planner = new SchemaPlanner(new TypeMapper(io.ferry.core.config.TypesConfig.DEFAULTS));

    /** The demo shop's target tables written by hand under the documented type mapping (docs/type-mapping.md). */
    private static final String[] SHOP_BY_HAND = {
        "CREATE TABLE %s.customers (id numeric(20,0) PRIMARY KEY, email varchar(190) NOT NULL, name varchar(100) NOT NULL,"
            + " active boolean NOT NULL, tier text NOT NULL CHECK (tier IN ('bronze','silver','gold')), profile jsonb,"
            + " created_at timestamp(6) NOT NULL, updated_at timestamptz(3) NOT NULL)",
        "CREATE TABLE %s.products (id integer PRIMARY KEY, sku varchar(32) NOT NULL, name varchar(200) NOT NULL,"
            + " price numeric(12,2) NOT NULL, weight_kg numeric(8,3), thumbnail bytea, released_on date)",
        "CREATE TABLE %s.orders (id bigint PRIMARY KEY, customer_id numeric(20,0) NOT NULL,"
            + " status text NOT NULL CHECK (status IN ('new','paid','shipped','cancelled')), total numeric(14,2) NOT NULL,"
            + " ordered_at timestamp(3) NOT NULL, note text)",
        "CREATE TABLE %s.order_lines (order_id bigint NOT NULL, line_no smallint NOT NULL, product_id integer NOT NULL,"
            + " quantity integer NOT NULL, unit_price numeric(12,2) NOT NULL, PRIMARY KEY (order_id, line_no))",
    };

    @Test
    void planForTheDemoShopMatchesTheHandWrittenTargetTablesColumnForColumn() throws Exception {
        PipelineFixture f = new PipelineFixture("schema_shop", "dlq", 100);
        try (Connection c = f.source()) {
            ShopDatabase.createSource(c, f.name);
        }
        SchemaPlan plan;
        try (Connection c = f.source()) {
            plan = planner.plan(MySqlCatalogReader.read(c, f.name), "planned");
        }
        try (Connection pg = f.target()) {
            try (Statement s = pg.createStatement()) {
                s.execute("CREATE SCHEMA by_hand");
                for (String ddl : SHOP_BY_HAND) {
                    s.execute(String.format(ddl, "by_hand"));
                }
            }
            SchemaApplier.applyBeforeCopy(pg, plan);
            for (String table : ShopDatabase.TABLES) {
                assertThat(PostgresCatalog.columns(pg, TableId.of("planned", table)))
                        .as("columns of %s", table).isEqualTo(PostgresCatalog.columns(pg, TableId.of("by_hand", table)));
                assertThat(PostgresCatalog.primaryKey(pg, TableId.of("planned", table)))
                        .isEqualTo(PostgresCatalog.primaryKey(pg, TableId.of("by_hand", table)));
            }
        }
    }

    @Test
    void awkwardIdentifiersKeysIndexesAndForeignKeysArePlannedAppliedAndReapplied() throws Exception {
        PipelineFixture f = new PipelineFixture("schema_awkward", "dlq", 100);
        String longName = "table_with_a_name_longer_than_postgres_allows_for_identifiers_xy";
        f.sourceSql(
                "CREATE TABLE `order` (`select` INT NOT NULL AUTO_INCREMENT PRIMARY KEY, `From` VARCHAR(20) NOT NULL DEFAULT 'it''s',"
                        + " `my col` DATETIME(3) NULL, status ENUM('new','it''s done') NOT NULL DEFAULT 'new', doc JSON,"
                        + " UNIQUE KEY uq_from (`From`), KEY idx_my (`my col`)) COMMENT 'orders; of \"shop\"'",
                "CREATE TABLE `user` (id BIGINT UNSIGNED NOT NULL, order_id INT NOT NULL, UNIQUE KEY uq_id (id),"
                        + " CONSTRAINT fk_order FOREIGN KEY (order_id) REFERENCES `order` (`select`))",
                "CREATE TABLE " + longName + " (id INT PRIMARY KEY, t TIME(6), y YEAR, b BIT(5), s SET('x','y'))",
                "CREATE TABLE nokey (a INT NULL, b INT NULL)");
        SchemaPlan plan;
        try (Connection c = f.source()) {
            List<MySqlTable> tables = MySqlCatalogReader.read(c, f.name);
            assertThat(tables).extracting(t -> t.id().table()).contains("order", "user", longName, "nokey");
            plan = planner.plan(tables, "app");
        }
        String sql = plan.toSql();
        assertThat(sql).contains("CREATE TABLE IF NOT EXISTS \"app\".\"order\"", "\"select\" integer NOT NULL",
                "\"From\" varchar(20) NOT NULL DEFAULT 'it''s'", "\"my col\" timestamp(3)",
                "CHECK (\"status\" IN ('new', 'it''s done'))", "\"doc\" jsonb", "PRIMARY KEY (\"select\")",
                "COMMENT ON TABLE \"app\".\"order\" IS 'orders; of \"shop\"'", "\"id\" numeric(20,0) NOT NULL CHECK (\"id\" BETWEEN 0 AND 18446744073709551615)",
                "\"t\" interval", "\"s\" text", "NOT VALID", "VALIDATE CONSTRAINT");
        assertThat(plan.findings()).anyMatch(x -> x.contains("user") && x.contains("unique index on [id] becomes the target's primary key"));
        assertThat(plan.findings()).anyMatch(x -> x.contains("nokey") && x.contains("cannot apply it"));

        try (Connection pg = f.target()) {
            SchemaApplier.applyBeforeCopy(pg, plan);
            SchemaApplier.applyBeforeCopy(pg, plan); // idempotent
            try (Statement s = pg.createStatement()) {
                s.execute("INSERT INTO app.\"order\" (\"select\", \"From\", status) VALUES (7, 'a', 'it''s done')");
                s.execute("INSERT INTO app.\"user\" (id, order_id) VALUES (18446744073709551615, 7)");
            }
            SchemaApplier.applyAfterDrain(pg, plan);
            SchemaApplier.applyAfterDrain(pg, plan); // idempotent too, for a run that stopped half-way
            try (Statement s = pg.createStatement();
                 ResultSet rs = s.executeQuery("INSERT INTO app.\"order\" (\"From\") VALUES ('b') RETURNING \"select\"")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the sequence continues after the highest copied key").isEqualTo(8);
            }
            try (Statement s = pg.createStatement()) {
                assertThatThrownBy(() -> s.execute("INSERT INTO app.\"user\" (id, order_id) VALUES (1, 999)"))
                        .hasMessageContaining("fk_order");
                s.execute("ALTER TABLE app.\"user\" ADD COLUMN extra int");
            }
            assertThatThrownBy(() -> SchemaApplier.applyBeforeCopy(pg, plan))
                    .isInstanceOf(SchemaConflictException.class).hasMessageContaining("app.user").hasMessageContaining("extra");
        }
    }

    @Test
    void foreignKeysAreCreatedNotValidThenValidatedAfterTheDrainAndTheSectionRunsTwice() throws Exception {
        PipelineFixture f = new PipelineFixture("schema_fks", "dlq", 100);
        try (Connection c = f.sandbox.mariadb().connect(""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS schema_fks_other");
            s.execute("CREATE DATABASE schema_fks_other");
            s.execute("CREATE TABLE schema_fks_other.elsewhere (id INT PRIMARY KEY)");
            s.execute("INSERT INTO schema_fks_other.elsewhere VALUES (1)");
        }
        // An UNSIGNED BIGINT key becomes numeric(20,0): its sequence must still be set past the copied maximum.
        f.sourceSql("CREATE TABLE parent (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, code VARCHAR(10) NOT NULL, UNIQUE KEY uq_code (code))",
                "CREATE TABLE pair (a INT NOT NULL, b VARCHAR(5) NOT NULL, PRIMARY KEY (a, b))",
                "CREATE TABLE `Child Table` (id INT PRIMARY KEY, parent_id BIGINT UNSIGNED NULL, pa INT NULL, pb VARCHAR(5) NULL,"
                        + " code VARCHAR(10) NULL, boss INT NULL, other_id INT NULL,"
                        + " FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE ON UPDATE CASCADE,"
                        + " CONSTRAINT `fk pair` FOREIGN KEY (pa, pb) REFERENCES pair (a, b) ON DELETE SET NULL ON UPDATE RESTRICT,"
                        + " CONSTRAINT fk_code FOREIGN KEY (code) REFERENCES parent (code),"
                        + " CONSTRAINT fk_boss FOREIGN KEY (boss) REFERENCES `Child Table` (id) ON DELETE SET NULL,"
                        + " CONSTRAINT fk_elsewhere FOREIGN KEY (other_id) REFERENCES schema_fks_other.elsewhere (id))",
                "INSERT INTO parent (code) VALUES ('p1'), ('p2')",
                "INSERT INTO pair VALUES (1, 'x'), (2, 'y')",
                "INSERT INTO `Child Table` VALUES (1, 1, 1, 'x', 'p1', NULL, 1), (2, 2, NULL, NULL, NULL, 1, NULL), (3, NULL, 2, 'y', 'p2', 2, 1)");
        SchemaPlan plan;
        try (Connection c = f.source()) {
            plan = planner.plan(MySqlCatalogReader.read(c, f.name), "app");
        }
        assertThat(plan.foreignKeysNotValid()).hasSize(4).allSatisfy(s -> assertThat(s).contains("NOT VALID"));
        assertThat(plan.validations()).hasSize(4);
        assertThat(plan.findings()).anySatisfy(x -> assertThat(x).contains("fk_elsewhere").contains("schema_fks_other.elsewhere")
                .contains("not in the migration").contains("not planned"));

        try (Connection pg = f.target(); Connection src = f.source()) {
            SchemaApplier.applyBeforeCopy(pg, plan);
            // The copy, as the applier leaves it: the rows, no foreign keys yet.
            for (String table : List.of("parent", "pair", "Child Table")) {
                copy(src, pg, table);
            }
            assertThat(foreignKeys(pg)).as("no foreign key before the after-drain section").isEmpty();
            SchemaApplier.applySequences(pg, plan);
            SchemaApplier.makeIndexesUnique(pg, plan, line -> { });
            SchemaApplier.addForeignKeysNotValid(pg, plan);
            assertThat(foreignKeys(pg)).as("added, not yet validated").hasSize(4).allSatisfy(fk -> assertThat(fk).endsWith("valid=false"));
            SchemaApplier.validateForeignKeys(pg, plan);
        }
        // The whole after-drain section again, as the command line runs it: nothing fails, nothing doubles.
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            exit = new picocli.CommandLine(new io.ferry.orchestrator.cli.Ferry())
                    .execute("schema", "-c", f.yamlWithPasswordFile().toString(), "--apply-after-drain");
            new picocli.CommandLine(new io.ferry.orchestrator.cli.Ferry()).execute("check", "-c", f.yamlWithPasswordFile().toString());
            new picocli.CommandLine(new io.ferry.orchestrator.cli.Ferry()).execute("schema", "-c", f.yamlWithPasswordFile().toString(), "--plan", "-");
        } finally {
            System.setOut(out);
        }
        assertThat(exit).isZero();
        // The command line reads the catalog as the capture user, which has SELECT only: MariaDB then hides
        // information_schema.referential_constraints, which once made every foreign key vanish from the plan.
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).as("the plan made as the capture user")
                .contains("ADD CONSTRAINT \"Child Table_ibfk_1\" FOREIGN KEY (\"parent_id\") REFERENCES \"app\".\"parent\" (\"id\")"
                        + " ON UPDATE CASCADE ON DELETE CASCADE NOT VALID")
                .contains("ADD CONSTRAINT \"fk pair\" FOREIGN KEY (\"pa\", \"pb\") REFERENCES \"app\".\"pair\" (\"a\", \"b\")"
                        + " ON UPDATE RESTRICT ON DELETE SET NULL NOT VALID")
                .contains("ALTER TABLE \"app\".\"Child Table\" VALIDATE CONSTRAINT \"fk_boss\"");
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).as("ferry check names the foreign key left out")
                .containsPattern("WARNING +schema.foreign-key-not-planned +schema_fks.Child Table.fk_elsewhere: \\[other_id\\] references"
                        + " schema_fks_other.elsewhere\\[id\\], a table that is not in the migration");
        try (Connection pg = f.target(); Statement s = pg.createStatement()) {
            assertThat(foreignKeys(pg)).containsExactlyInAnyOrder(
                    "Child Table_ibfk_1 FOREIGN KEY (parent_id) REFERENCES app.parent(id) ON UPDATE CASCADE ON DELETE CASCADE valid=true",
                    "fk pair FOREIGN KEY (pa, pb) REFERENCES app.pair(a, b) ON UPDATE RESTRICT ON DELETE SET NULL valid=true",
                    "fk_code FOREIGN KEY (code) REFERENCES app.parent(code) ON UPDATE RESTRICT ON DELETE RESTRICT valid=true",
                    "fk_boss FOREIGN KEY (boss) REFERENCES app.\"Child Table\"(id) ON UPDATE RESTRICT ON DELETE SET NULL valid=true");
            s.execute("DELETE FROM app.parent WHERE id = 1");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM app.\"Child Table\" WHERE parent_id = 1")) {
                rs.next();
                assertThat(rs.getInt(1)).as("ON DELETE CASCADE").isZero();
            }
            try (ResultSet rs = s.executeQuery("INSERT INTO app.parent (code) VALUES ('p3') RETURNING id")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the sequence after the copied keys").isEqualTo(3);
            }
            assertThatThrownBy(() -> s.execute("INSERT INTO app.\"Child Table\" (id, boss) VALUES (9, 999)")).hasMessageContaining("fk_boss");
        }
    }

    /** Every foreign key of schema app as "name definition valid=..". */
    private static List<String> foreignKeys(Connection pg) throws Exception {
        List<String> fks = new java.util.ArrayList<>();
        try (Statement s = pg.createStatement();
             ResultSet rs = s.executeQuery("SELECT conname, pg_get_constraintdef(c.oid), convalidated FROM pg_constraint c"
                     + " JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'app' AND contype = 'f' ORDER BY conname")) {
            while (rs.next()) {
                fks.add(rs.getString(1) + " " + rs.getString(2) + " valid=" + rs.getBoolean(3));
            }
        }
        return fks;
    }

    /** Copies a table's rows as they are (the types of this test need no conversion). */
    private static void copy(Connection src, Connection pg, String table) throws Exception {
        try (Statement s = src.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM `" + table + "`")) {
            int n = rs.getMetaData().getColumnCount();
            String marks = String.join(", ", java.util.Collections.nCopies(n, "?"));
            try (var ps = pg.prepareStatement("INSERT INTO app.\"" + table + "\" VALUES (" + marks + ")")) {
                while (rs.next()) {
                    for (int i = 1; i <= n; i++) {
                        ps.setObject(i, rs.getObject(i));
                    }
                    ps.executeUpdate();
                }
            }
        }
    }
}
