package io.ferry.orchestrator.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.TablesConfig.KeylessTables;
import io.ferry.core.config.TypesConfig;
import io.ferry.core.schema.TableId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaPlannerTest {

    private static TypesConfig rules(String yaml) {
        String pipeline = "name: p\nsource: {kind: mariadb, host: h, user: u, database: db}\n"
                + "target: {kind: postgresql, host: h, user: u, database: d}\nkafka: {bootstrapServers: 'k:1'}\ntypes:\n" + yaml;
        return ConfigLoader.parse(pipeline, "p.yaml", n -> null, null).types();
    }

    private static MySqlColumn column(String name, String type, boolean nullable) {
        String bare = type.replaceAll("\\(.*", "");
        return new MySqlColumn(name, bare, type, nullable, null, null, null, null, null, "");
    }

    private static MySqlTable table(String name, List<String> key, MySqlColumn... columns) {
        return new MySqlTable(TableId.of("db", name), List.of(columns), key, List.of(), List.of(), List.of(), "");
    }

    @Test
    void aPostgresEnumTypeIsCreatedOnceBeforeItsTableAndNamedInTheColumn() {
        SchemaPlan plan = new SchemaPlanner(new TypeMapper(rules("  enums: pg_enum\n")))
                .plan(List.of(table("orders", List.of("id"), column("id", "int", false), column("status", "enum('new','it''s')", true))), "shop");
        assertThat(plan.beforeCopy().get(1)).isEqualTo("DO $ferry$ BEGIN CREATE TYPE \"shop\".\"orders_status_enum\" AS ENUM ('new', 'it''s'); "
                + "EXCEPTION WHEN duplicate_object THEN NULL; END $ferry$");
        assertThat(plan.beforeCopy().get(2)).contains("\"status\" \"shop\".\"orders_status_enum\"");
        assertThat(plan.tables().get(TableId.of("shop", "orders"))).containsEntry("status", "shop.orders_status_enum");
    }

    @Test
    void notNullDatesWhoseZeroDatesBecomeNullAreNullableOnTheTargetWithAFinding() {
        SchemaPlan plan = new SchemaPlanner(new TypeMapper(rules("  zeroDates: as_null\n")))
                .plan(List.of(table("t", List.of("id"), column("id", "int", false), column("d", "date", false),
                        column("n", "int", false))), "s");
        assertThat(plan.beforeCopy().get(1)).contains("\"d\" date,").contains("\"n\" integer NOT NULL");
        assertThat(plan.findings()).anySatisfy(f -> assertThat(f).contains("db.t.d").contains("nullable on the target"));
    }

    @Test
    void aSentinelThatIsNoValueOfItsColumnStopsThePlanNamingTheColumn() {
        TypeMapper mapper = new TypeMapper(rules("  columns:\n    t.d: {zeroDates: sentinel, sentinel: \"soon\"}\n"));
        assertThatThrownBy(() -> new SchemaPlanner(mapper).plan(List.of(table("t", List.of("id"), column("id", "int", false),
                column("d", "datetime", false))), "s")).hasMessageContaining("db.t.d").hasMessageContaining("'soon'");
    }

    @Test
    void keylessTablesAreKeyedByAUniqueIndexOrLeftOutWhenRefused() {
        MySqlTable keyless = new MySqlTable(TableId.of("db", "k"), List.of(column("code", "varchar(5)", false)), List.of(),
                List.of(new MySqlTable.Index("by_code", true, List.of("code"))), List.of(), List.of(), "");
        SchemaPlan used = new SchemaPlanner(new TypeMapper(TypesConfig.DEFAULTS)).plan(List.of(keyless), "s");
        assertThat(used.beforeCopy().get(1)).contains("PRIMARY KEY (\"code\")");
        SchemaPlan refused = new SchemaPlanner(new TypeMapper(TypesConfig.DEFAULTS), KeylessTables.REFUSE).plan(List.of(keyless), "s");
        assertThat(refused.beforeCopy()).hasSize(1);
        assertThat(refused.findings()).singleElement().satisfies(f -> assertThat(f).contains("db.k").contains("refuse"));
    }

    @Test
    void tableAndColumnCommentsAreCarried() {
        MySqlColumn commented = new MySqlColumn("c", "int", "int", true, null, null, null, null, null, "", null, null, null, "it's counted");
        MySqlTable t = new MySqlTable(TableId.of("db", "t"), List.of(column("id", "int", false), commented), List.of("id"),
                List.of(), List.of(), List.of(), "the table");
        SchemaPlan plan = new SchemaPlanner(new TypeMapper(TypesConfig.DEFAULTS)).plan(List.of(t), "s");
        assertThat(plan.beforeCopy()).contains("COMMENT ON TABLE \"s\".\"t\" IS 'the table'",
                "COMMENT ON COLUMN \"s\".\"t\".\"c\" IS 'it''s counted'");
    }
}
