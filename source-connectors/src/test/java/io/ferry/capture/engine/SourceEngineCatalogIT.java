package io.ferry.capture.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.config.SourceKind;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.jdbc.KeyColumn;
import io.ferry.sandbox.Sandbox;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What capture asks each engine of its source's catalog, read from real servers through MySqlCatalog and PostgresCatalog:
 * the base tables (no views), the columns of unique indexes with their nullability (the keyless-table rule's input), the
 * row estimate, and the FLOAT snapshot SELECTs of a binlog source.
 */
class SourceEngineCatalogIT {

    private final Sandbox sandbox = Sandbox.shared();

    @Test
    void aMariaDbCatalogGivesBaseTablesUniqueKeysEstimatesAndFloatSnapshotSelects() throws Exception {
        String db = "engine_catalog";
        try (Connection c = sandbox.mariadb().connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
            s.execute("CREATE TABLE " + db + ".measures (id INT PRIMARY KEY, f FLOAT, `we``ird` DOUBLE)");
            s.execute("CREATE TABLE " + db + ".keyless (code VARCHAR(10) NOT NULL, alt INT NULL, UNIQUE KEY u_code (code), UNIQUE KEY u_alt (alt))");
            s.execute("CREATE VIEW " + db + ".v AS SELECT id FROM " + db + ".measures");
            s.execute("INSERT INTO " + db + ".measures VALUES (1, 152.57143, 1.5)");
        }
        SourceEngine engine = SourceEngines.of(SourceKind.MARIADB);
        try (Connection c = sandbox.mariadb().connect(db)) {
            assertThat(engine.baseTables(c, db)).containsExactly("keyless", "measures");
            assertThat(engine.uniqueKeyColumns(c, db)).containsExactlyInAnyOrder(
                    new KeyColumn("keyless", "u_alt", "alt", true),
                    new KeyColumn("keyless", "u_code", "code", false),
                    new KeyColumn("measures", KeyColumn.PRIMARY, "id", false));
            assertThat(engine.rowEstimate(c, TableId.of(db, "measures"))).isGreaterThanOrEqualTo(0);
            assertThat(engine.snapshotSelects(c, db, List.of(TableId.of(db, "measures"), TableId.of(db, "keyless"))))
                    .containsExactly(java.util.Map.entry(TableId.of(db, "measures"),
                            "SELECT `id`, CAST(`f` AS DOUBLE) AS `f`, `we``ird` FROM `engine_catalog`.`measures`"));
        }
    }

    @Test
    void aPostgresCatalogGivesVisibleBaseTablesUniqueKeysAndEstimatesAndNoSnapshotSelects() throws Exception {
        String db = "engine_catalog_pg";
        sandbox.postgres().createDatabase(db);
        try (Connection c = sandbox.postgres().connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA src");
            s.execute("CREATE TABLE src.measures (id int PRIMARY KEY, f real)");
            s.execute("CREATE TABLE src.keyless (code text NOT NULL, alt int, lower_code text)");
            s.execute("CREATE UNIQUE INDEX u_code ON src.keyless (code)");
            s.execute("CREATE UNIQUE INDEX u_alt ON src.keyless (alt)");
            s.execute("CREATE UNIQUE INDEX u_partial ON src.keyless (lower_code) WHERE lower_code IS NOT NULL");
            s.execute("CREATE VIEW src.v AS SELECT id FROM src.measures");
        }
        SourceEngine engine = SourceEngines.of(SourceKind.POSTGRESQL);
        try (Connection c = sandbox.postgres().connect(db)) {
            assertThat(engine.baseTables(c, "src")).containsExactly("keyless", "measures");
            assertThat(engine.uniqueKeyColumns(c, "src")).as("a partial index cannot key a table").containsExactlyInAnyOrder(
                    new KeyColumn("keyless", "u_alt", "alt", true),
                    new KeyColumn("keyless", "u_code", "code", false),
                    new KeyColumn("measures", KeyColumn.PRIMARY, "id", false));
            assertThat(engine.rowEstimate(c, TableId.of("src", "measures"))).isZero();
            assertThat(engine.rowEstimate(c, TableId.of("src", "absent"))).isZero();
            assertThat(engine.snapshotSelects(c, "src", List.of(TableId.of("src", "measures")))).isEmpty();
        }
    }
}
