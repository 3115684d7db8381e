package io.ferry.apply.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.config.TypesConfig;
import io.ferry.core.event.BinlogPosition;
import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.SchemaChange;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.mapping.MySqlColumn;
import io.ferry.core.schema.mapping.TypeMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {

    private static final TableId SOURCE = TableId.of("shop", "t");
    private static final TableId TARGET = TableId.of("app", "t");
    private static final MySqlColumn ID = new MySqlColumn("id", "int", "int", false, null, null, null, null, null, "");
    private static final MySqlColumn V = new MySqlColumn("v", "int", "int", true, null, null, null, null, null, "");

    private final SchemaEvolution evolution = new SchemaEvolution(io.ferry.apply.dialect.PostgresTargetDialect.INSTANCE, new TypeMapper(TypesConfig.DEFAULTS));

    @Test
    void addedColumnWithDefaultIsAddedNotNullWithItsDefault() {
        MySqlColumn c2 = new MySqlColumn("c2", "int", "int", false, null, null, null, null, "7", "");

        SchemaEvolution.Decision d = evolution.plan(alter("ALTER TABLE t ADD COLUMN c2 INT NOT NULL DEFAULT 7", ID, V, c2), target());

        assertThat(d.stops()).isFalse();
        assertThat(d.statements()).containsExactly("ALTER TABLE \"app\".\"t\" ADD COLUMN IF NOT EXISTS \"c2\" integer NOT NULL DEFAULT 7");
    }

    @Test
    void sameShapeAgainPlansNothingSoAReplayIsHarmless() {
        assertThat(evolution.plan(alter("ALTER TABLE t COMMENT 'x'", ID, V), target()).statements()).isEmpty();
    }

    @Test
    void widerIntegerIsAWideningAndDropsNotNullWhenTheSourceDid() {
        MySqlColumn big = new MySqlColumn("v", "bigint", "bigint", true, null, null, null, null, null, "");
        SchemaEvolution.Target t = new SchemaEvolution.Target(TARGET, columns("id", "integer", "v", "integer"), List.of("id"),
                Set.of("id", "v"), Map.of(), Map.of());

        SchemaEvolution.Decision d = evolution.plan(alter("ALTER TABLE t MODIFY v BIGINT", ID, big), t);

        assertThat(d.statements()).containsExactly("ALTER TABLE \"app\".\"t\" ALTER COLUMN \"v\" TYPE bigint",
                "ALTER TABLE \"app\".\"t\" ALTER COLUMN \"v\" DROP NOT NULL");
    }

    @Test
    void wideningsAreToldFromNarrowings() {
        assertThat(SchemaEvolution.widens("integer", "bigint")).isTrue();
        assertThat(SchemaEvolution.widens("bigint", "integer")).isFalse();
        assertThat(SchemaEvolution.widens("character varying(10)", "character varying(20)")).isTrue();
        assertThat(SchemaEvolution.widens("character varying(20)", "character varying(10)")).isFalse();
        assertThat(SchemaEvolution.widens("character varying(20)", "text")).isTrue();
        assertThat(SchemaEvolution.widens("numeric(10,2)", "numeric(12,2)")).isTrue();
        assertThat(SchemaEvolution.widens("numeric(10,2)", "numeric(10,3)")).as("one integer digit fewer").isFalse();
        assertThat(SchemaEvolution.widens("integer", "numeric(12,0)")).isTrue();
        assertThat(SchemaEvolution.widens("timestamp(3) without time zone", "timestamp(6) without time zone")).isTrue();
        assertThat(SchemaEvolution.widens("timestamp(6) without time zone", "timestamp(6) with time zone")).isFalse();
        assertThat(SchemaEvolution.widens("integer", "text")).isFalse();
        assertThat(SchemaEvolution.widens("real", "double precision")).isTrue();
    }

    @Test
    void narrowingTypeStopsNamingStatementTableAndPosition() {
        MySqlColumn small = new MySqlColumn("v", "smallint", "smallint", true, null, null, null, null, null, "");

        SchemaEvolution.Decision d = evolution.plan(alter("ALTER TABLE t MODIFY v SMALLINT", ID, small), target());

        assertThat(d.stops()).isTrue();
        assertThat(d.stop()).contains("table shop.t").contains("binlog.000003").contains("ALTER TABLE t MODIFY v SMALLINT")
                .contains("from integer to smallint").contains("docs/schema-changes.md");
    }

    @Test
    void droppedOrRenamedColumnStops() {
        assertThat(evolution.plan(alter("ALTER TABLE t DROP COLUMN v", ID), target()).stop()).contains("drops or renames column v");
        MySqlColumn w = new MySqlColumn("w", "int", "int", true, null, null, null, null, null, "");
        assertThat(evolution.plan(alter("ALTER TABLE t RENAME COLUMN v TO w", ID, w), target()).stop()).contains("drops or renames column v");
    }

    @Test
    void primaryKeyChangeStops() {
        ChangeEvent e = event("ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (id, v)", SchemaChange.Kind.ALTER, List.of(ID, V), List.of("id", "v"));

        assertThat(evolution.plan(e, target()).stop()).contains("changes the primary key from [id] to [id, v]");
    }

    @Test
    void tableKeyedByAUniqueIndexIsNotTakenForAPrimaryKeyChange() {
        MySqlColumn c2 = new MySqlColumn("c2", "int", "int", true, null, null, null, null, null, "");
        ChangeEvent e = event("ALTER TABLE t ADD COLUMN c2 INT", SchemaChange.Kind.ALTER, List.of(ID, V, c2), List.of());

        assertThat(evolution.plan(e, target()).statements()).containsExactly("ALTER TABLE \"app\".\"t\" ADD COLUMN IF NOT EXISTS \"c2\" integer");
    }

    @Test
    void droppedOrRenamedTableStops() {
        assertThat(evolution.plan(event("DROP TABLE t", SchemaChange.Kind.DROP, List.of(), List.of()), target()).stop()).contains("drops the table");
        assertThat(evolution.plan(event("RENAME TABLE t TO u", SchemaChange.Kind.RENAME, List.of(), List.of()), target()).stop())
                .contains("renames the table");
    }

    @Test
    void newEnumLabelReplacesTheLabelCheckButARemovedOneStops() {
        MySqlColumn flag = new MySqlColumn("flag", "enum", "enum('a','b','c')", true, null, null, null, null, null, "");
        SchemaEvolution.Target t = new SchemaEvolution.Target(TARGET, columns("id", "integer", "flag", "text"), List.of("id"), Set.of("id"),
                Map.of("flag", new SchemaEvolution.Check("t_flag_check", List.of("a", "b"))), Map.of());

        SchemaEvolution.Decision d = evolution.plan(alter("ALTER TABLE t MODIFY flag ENUM('a','b','c')", ID, flag), t);

        assertThat(d.statements()).containsExactly("ALTER TABLE \"app\".\"t\" DROP CONSTRAINT \"t_flag_check\"",
                "ALTER TABLE \"app\".\"t\" ADD CONSTRAINT \"t_flag_check\" CHECK (\"flag\" IN ('a', 'b', 'c'))");
        MySqlColumn fewer = new MySqlColumn("flag", "enum", "enum('a')", true, null, null, null, null, null, "");
        assertThat(evolution.plan(alter("ALTER TABLE t MODIFY flag ENUM('a')", ID, fewer), t).stop()).contains("removes ENUM labels");
    }

    @Test
    void newLabelOfAPostgresEnumIsAddedToTheType() {
        SchemaEvolution pgEnums = new SchemaEvolution(io.ferry.apply.dialect.PostgresTargetDialect.INSTANCE, new TypeMapper(pgEnumRules()));
        MySqlColumn flag = new MySqlColumn("flag", "enum", "enum('a','b','c')", true, null, null, null, null, null, "");
        SchemaEvolution.Target t = new SchemaEvolution.Target(TARGET, columns("id", "integer", "flag", "app.t_flag_enum"), List.of("id"),
                Set.of("id"), Map.of(), Map.of("flag", List.of("a", "b")));

        assertThat(pgEnums.plan(alter("ALTER TABLE t MODIFY flag ENUM('a','b','c')", ID, flag), t).statements())
                .containsExactly("ALTER TYPE app.t_flag_enum ADD VALUE IF NOT EXISTS 'c'");
    }

    @Test
    void newTableIsCreatedWithItsKey() {
        ChangeEvent e = event("CREATE TABLE t (id INT PRIMARY KEY, v INT)", SchemaChange.Kind.CREATE, List.of(ID, V), List.of("id"));

        SchemaEvolution.Decision d = evolution.plan(e, new SchemaEvolution.Target(TARGET, Map.of(), List.of(), Set.of(), Map.of(), Map.of()));

        assertThat(d.statements()).containsExactly("CREATE TABLE IF NOT EXISTS \"app\".\"t\" (\n  \"id\" integer,\n  \"v\" integer,\n"
                + "  PRIMARY KEY (\"id\")\n)");
    }

    private static TypesConfig pgEnumRules() {
        String pipeline = "name: p\nsource: {kind: mariadb, host: h, port: 1, user: u, password: x, database: db, serverId: 5}\n"
                + "target: {kind: postgresql, host: h, port: 1, user: u, password: x, database: d}\n"
                + "kafka: {bootstrapServers: 'k:1'}\ntypes:\n  enums: pg_enum\n";
        return io.ferry.core.config.ConfigLoader.parse(pipeline, "p.yaml", n -> null, null).types();
    }

    private static SchemaEvolution.Target target() {
        return new SchemaEvolution.Target(TARGET, columns("id", "integer", "v", "integer"), List.of("id"), Set.of("id"), Map.of(), Map.of());
    }

    private static Map<String, String> columns(String... nameAndType) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndType.length; i += 2) {
            m.put(nameAndType[i], nameAndType[i + 1]);
        }
        return m;
    }

    private static ChangeEvent alter(String ddl, MySqlColumn... columns) {
        return event(ddl, SchemaChange.Kind.ALTER, List.of(columns), List.of("id"));
    }

    private static ChangeEvent event(String ddl, SchemaChange.Kind kind, List<MySqlColumn> columns, List<String> pk) {
        return ChangeEvent.schema("mariadb", SOURCE, new BinlogPosition("binlog.000003", 4711, 0, null), null,
                new SchemaChange(ddl, kind, columns, pk));
    }
}
