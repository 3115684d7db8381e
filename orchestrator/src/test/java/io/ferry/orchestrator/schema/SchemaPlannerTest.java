package io.ferry.orchestrator.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.TablesConfig.KeylessTables;
import io.ferry.core.config.TypesConfig;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.mapping.MySqlColumn;
import io.ferry.core.schema.mapping.TypeMapper;
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

    private static final String LABELS = "enum('Y','N','it''s','\u00dcn\u00efcode','with space')";

    private static MySqlColumn enumColumn() {
        // As information_schema gives it: the declared type with the labels' case, and MariaDB's quoted default.
        return new MySqlColumn("flag", "enum", "ENUM('Y','N','it''s','\u00dcn\u00efcode','with space')", false, null, null, null, null,
                "'N'", "");
    }

    @Test
    void enumLabelsKeepTheirCaseQuotesSpacesAndUnicodeInTheCheckAndTheDefault() {
        SchemaPlan plan = new SchemaPlanner(new TypeMapper(TypesConfig.DEFAULTS))
                .plan(List.of(table("t", List.of("id"), column("id", "int", false), enumColumn())), "s");
        assertThat(plan.beforeCopy().get(1)).contains("\"flag\" text NOT NULL DEFAULT 'N' CHECK (\"flag\" IN "
                + "('Y', 'N', 'it''s', '\u00dcn\u00efcode', 'with space'))");
    }

    @Test
    void enumLabelsKeepTheirCaseInAPostgresEnumTypeAndItsDefault() {
        SchemaPlan plan = new SchemaPlanner(new TypeMapper(rules("  enums: pg_enum\n")))
                .plan(List.of(table("t", List.of("id"), column("id", "int", false), enumColumn())), "s");
        assertThat(plan.beforeCopy().get(1)).contains("AS ENUM ('Y', 'N', 'it''s', '\u00dcn\u00efcode', 'with space')");
        assertThat(plan.beforeCopy().get(2)).contains("\"flag\" \"s\".\"t_flag_enum\" NOT NULL DEFAULT 'N'");
    }

    @Test
    void anUnquotedEnumDefaultAsMySql8GivesItIsALabelLiteral() {
        MySqlColumn c = new MySqlColumn("flag", "enum", LABELS, false, null, null, null, null, "N", "");
        SchemaPlan plan = new SchemaPlanner(new TypeMapper(TypesConfig.DEFAULTS))
                .plan(List.of(table("t", List.of("id"), column("id", "int", false), c)), "s");
        assertThat(plan.beforeCopy().get(1)).contains("DEFAULT 'N' CHECK");
        assertThat(plan.findings()).isEmpty();
    }

    @Test
    void unsignedDecimalAndFloatingPointColumnsGetANonNegativeCheck() {
        MySqlColumn price = new MySqlColumn("price", "decimal", "decimal(10,2) unsigned", false, null, 10, 2, null, null, "");
        MySqlColumn ratio = new MySqlColumn("ratio", "double", "double unsigned", true, null, 22, null, null, null, "");
        MySqlColumn signed = new MySqlColumn("delta", "decimal", "decimal(10,2)", true, null, 10, 2, null, null, "");
        SchemaPlan plan = new SchemaPlanner(new TypeMapper(TypesConfig.DEFAULTS))
                .plan(List.of(table("t", List.of("id"), column("id", "int", false), price, ratio, signed)), "s");
        assertThat(plan.beforeCopy().get(1)).contains("\"price\" numeric(10,2) NOT NULL CHECK (\"price\" >= 0)",
                "\"ratio\" double precision CHECK (\"ratio\" >= 0)", "\"delta\" numeric(10,2),");
    }

    private static MySqlTable withKeys(String name, List<String> key, List<MySqlTable.Index> indexes, List<MySqlTable.ForeignKey> fks,
            MySqlColumn... columns) {
        return new MySqlTable(TableId.of("db", name), List.of(columns), key, indexes, fks, List.of(), "");
    }

    private static MySqlTable.ForeignKey fk(String name, List<String> columns, String table, List<String> refColumns, String onUpdate,
            String onDelete) {
        return new MySqlTable.ForeignKey(name, columns, TableId.of("db", table), refColumns, onUpdate, onDelete);
    }

    @Test
    void foreignKeysAreAddedNotValidAfterTheDrainAndValidatedAfterTheFlipWithTheirNamesColumnsAndActions() {
        MySqlTable parent = withKeys("parent", List.of("id"), List.of(new MySqlTable.Index("uq_code", true, List.of("code"))), List.of(),
                column("id", "int", false), column("code", "varchar(5)", false));
        MySqlTable pair = withKeys("pair", List.of("a", "b"), List.of(), List.of(), column("a", "int", false), column("b", "int", false));
        MySqlTable child = withKeys("Child", List.of("id"), List.of(), List.of(
                        fk("fk_parent", List.of("parent_id"), "parent", List.of("id"), "CASCADE", "SET NULL"),
                        fk("fk pair", List.of("pb", "pa"), "pair", List.of("b", "a"), "NO ACTION", "CASCADE"),
                        fk("fk_code", List.of("code"), "parent", List.of("code"), "RESTRICT", "RESTRICT"),
                        fk("fk_self", List.of("boss"), "Child", List.of("id"), "NO ACTION", "NO ACTION")),
                column("id", "int", false), column("parent_id", "int", true), column("pa", "int", true), column("pb", "int", true),
                column("code", "varchar(5)", true), column("boss", "int", true));

        SchemaPlan plan = new SchemaPlanner(new TypeMapper(TypesConfig.DEFAULTS)).plan(List.of(child, parent, pair), "s");

        assertThat(plan.foreignKeysNotValid()).containsExactly(
                "DO $ferry$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '\"s\".\"Child\"'::regclass"
                        + " AND conname = 'fk_parent') THEN ALTER TABLE \"s\".\"Child\" ADD CONSTRAINT \"fk_parent\" FOREIGN KEY (\"parent_id\")"
                        + " REFERENCES \"s\".\"parent\" (\"id\") ON UPDATE CASCADE ON DELETE SET NULL NOT VALID; END IF; END $ferry$",
                "DO $ferry$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '\"s\".\"Child\"'::regclass"
                        + " AND conname = 'fk pair') THEN ALTER TABLE \"s\".\"Child\" ADD CONSTRAINT \"fk pair\" FOREIGN KEY (\"pb\", \"pa\")"
                        + " REFERENCES \"s\".\"pair\" (\"b\", \"a\") ON UPDATE NO ACTION ON DELETE CASCADE NOT VALID; END IF; END $ferry$",
                "DO $ferry$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '\"s\".\"Child\"'::regclass"
                        + " AND conname = 'fk_code') THEN ALTER TABLE \"s\".\"Child\" ADD CONSTRAINT \"fk_code\" FOREIGN KEY (\"code\")"
                        + " REFERENCES \"s\".\"parent\" (\"code\") ON UPDATE RESTRICT ON DELETE RESTRICT NOT VALID; END IF; END $ferry$",
                "DO $ferry$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '\"s\".\"Child\"'::regclass"
                        + " AND conname = 'fk_self') THEN ALTER TABLE \"s\".\"Child\" ADD CONSTRAINT \"fk_self\" FOREIGN KEY (\"boss\")"
                        + " REFERENCES \"s\".\"Child\" (\"id\") ON UPDATE NO ACTION ON DELETE NO ACTION NOT VALID; END IF; END $ferry$");
        assertThat(plan.validations()).containsExactly("ALTER TABLE \"s\".\"Child\" VALIDATE CONSTRAINT \"fk_parent\"",
                "ALTER TABLE \"s\".\"Child\" VALIDATE CONSTRAINT \"fk pair\"", "ALTER TABLE \"s\".\"Child\" VALIDATE CONSTRAINT \"fk_code\"",
                "ALTER TABLE \"s\".\"Child\" VALIDATE CONSTRAINT \"fk_self\"");
        // fk_code references parent's unique index, which must be unique before the foreign key is added.
        assertThat(plan.afterDrain()).containsExactlyElementsOf(java.util.stream.Stream.of(plan.uniqueIndexStatements(),
                plan.foreignKeysNotValid(), plan.validations()).flatMap(List::stream).toList());
        assertThat(plan.uniqueIndexes()).extracting(UniqueIndex::name).containsExactly("parent_uq_code");
        assertThat(plan.findings()).isEmpty();
        String sql = plan.toSql();
        assertThat(sql.indexOf("Section 2b")).isLessThan(sql.indexOf("CREATE UNIQUE INDEX \"parent_uq_code_ferry_unique\""));
        assertThat(sql.indexOf("Section 2c")).isBetween(sql.indexOf("CREATE UNIQUE INDEX"), sql.indexOf("ADD CONSTRAINT \"fk_parent\""));
        assertThat(sql.indexOf("Section 2d")).isBetween(sql.indexOf("ADD CONSTRAINT \"fk_self\""), sql.indexOf("VALIDATE CONSTRAINT"));
    }

    @Test
    void aForeignKeyToATableOutsideTheMigrationOrToColumnsWithoutAUniqueKeyIsAFindingAndNotPlanned() {
        MySqlTable parent = withKeys("parent", List.of("id"), List.of(new MySqlTable.Index("by_name", false, List.of("name"))), List.of(),
                column("id", "int", false), column("name", "varchar(5)", true));
        MySqlTable keyless = withKeys("keyless", List.of(), List.of(), List.of(), column("k", "int", true));
        MySqlTable child = withKeys("child", List.of("id"), List.of(), List.of(
                        new MySqlTable.ForeignKey("fk_other_db", List.of("a"), TableId.of("other", "parent"), List.of("id"), "NO ACTION", "NO ACTION"),
                        fk("fk_excluded", List.of("a"), "not_selected", List.of("id"), "NO ACTION", "NO ACTION"),
                        fk("fk_refused", List.of("a"), "keyless", List.of("k"), "NO ACTION", "NO ACTION"),
                        fk("fk_by_name", List.of("n"), "parent", List.of("name"), "NO ACTION", "NO ACTION")),
                column("id", "int", false), column("a", "int", true), column("n", "varchar(5)", true));

        SchemaPlan plan = new SchemaPlanner(new TypeMapper(TypesConfig.DEFAULTS), KeylessTables.REFUSE).plan(List.of(child, parent, keyless), "s");

        assertThat(plan.foreignKeysNotValid()).isEmpty();
        assertThat(plan.validations()).isEmpty();
        assertThat(plan.findings()).anySatisfy(f -> assertThat(f).contains("fk_other_db", "other.parent", "not in the migration", "not planned"))
                .anySatisfy(f -> assertThat(f).contains("fk_excluded", "db.not_selected", "not in the migration"))
                .anySatisfy(f -> assertThat(f).contains("fk_refused", "db.keyless", "not in the migration"))
                .anySatisfy(f -> assertThat(f).contains("fk_by_name", "neither its primary key nor a unique index"));
        assertThat(plan.foreignKeysNotPlanned()).extracting(SchemaPlan.NotPlanned::subject)
                .containsExactly("db.child.fk_other_db", "db.child.fk_excluded", "db.child.fk_refused", "db.child.fk_by_name");
    }

    @Test
    void aSecondaryUniqueIndexIsPlainBeforeTheCopyAndMadeUniqueAfterTheDrainUnderItsOwnName() {
        MySqlTable users = withKeys("users", List.of("id"), List.of(new MySqlTable.Index("uq_email", true, List.of("email")),
                        new MySqlTable.Index("by_name", false, List.of("name")), new MySqlTable.Index("uq_pair", true, List.of("name", "email"))),
                List.of(), column("id", "int", false), column("email", "varchar(50)", false), column("name", "varchar(50)", true));

        SchemaPlan plan = new SchemaPlanner(new TypeMapper(TypesConfig.DEFAULTS)).plan(List.of(users), "s");

        assertThat(plan.beforeCopy()).noneMatch(s -> s.contains("UNIQUE"))
                .contains("CREATE INDEX IF NOT EXISTS \"users_uq_email\" ON \"s\".\"users\" (\"email\")",
                        "CREATE INDEX IF NOT EXISTS \"users_by_name\" ON \"s\".\"users\" (\"name\")",
                        "CREATE INDEX IF NOT EXISTS \"users_uq_pair\" ON \"s\".\"users\" (\"name\", \"email\")");
        assertThat(plan.uniqueIndexes()).containsExactly(new UniqueIndex("s", "users", "users_uq_email", "(\"email\")"),
                new UniqueIndex("s", "users", "users_uq_pair", "(\"name\", \"email\")"));
        assertThat(plan.uniqueIndexStatements().get(0)).isEqualTo("DO $ferry$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_index x"
                + " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace"
                + " WHERE n.nspname = 's' AND i.relname = 'users_uq_email' AND x.indisunique) THEN"
                + " DROP INDEX IF EXISTS \"s\".\"users_uq_email_ferry_unique\";"
                + " CREATE UNIQUE INDEX \"users_uq_email_ferry_unique\" ON \"s\".\"users\" (\"email\");"
                + " DROP INDEX IF EXISTS \"s\".\"users_uq_email\";"
                + " ALTER INDEX \"s\".\"users_uq_email_ferry_unique\" RENAME TO \"users_uq_email\"; END IF; END $ferry$");
        assertThat(plan.afterDrain()).containsSubsequence(plan.uniqueIndexStatements());
    }

    @Test
    void aUniqueIndexThatStandsInForAMissingPrimaryKeyStaysTheKeyAndIsNotDeferred() {
        MySqlTable keyless = withKeys("keyless", List.of(), List.of(new MySqlTable.Index("uq_code", true, List.of("code"))), List.of(),
                column("code", "int", false), column("note", "text", true));

        SchemaPlan plan = new SchemaPlanner(new TypeMapper(TypesConfig.DEFAULTS)).plan(List.of(keyless), "s");

        assertThat(plan.uniqueIndexes()).isEmpty();
        assertThat(plan.beforeCopy()).anySatisfy(s -> assertThat(s).contains("PRIMARY KEY (\"code\")"));
    }

    @Test
    void aPostgresUniqueIndexWithNullsNotDistinctIsPlainWithoutItAndUniqueWithIt() {
        UniqueIndex u = new UniqueIndex("s", "t", "t_code", "USING btree (code) NULLS NOT DISTINCT");
        assertThat(u.createPlain()).isEqualTo("CREATE INDEX IF NOT EXISTS \"t_code\" ON \"s\".\"t\" USING btree (code)");
        assertThat(u.makeUnique()).contains("CREATE UNIQUE INDEX \"t_code_ferry_unique\" ON \"s\".\"t\" USING btree (code) NULLS NOT DISTINCT;");
    }

    @Test
    void theBuildNameOfALongUniqueIndexStaysWithinPostgresLimit() {
        UniqueIndex u = new UniqueIndex("s", "t", "i".repeat(63), "(\"c\")");
        assertThat(u.buildName().getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(63);
        assertThat(u.buildName()).isNotEqualTo(u.name());
    }

    @Test
    void thePlanNamesTheOptionThatAppliesTheAfterDrainSection() {
        SchemaPlan plan = new SchemaPlanner(new TypeMapper(TypesConfig.DEFAULTS))
                .plan(List.of(table("t", List.of("id"), column("id", "int", false))), "s");
        assertThat(plan.toSql()).contains("--apply-after-drain").doesNotContain("--apply --after-drain");
    }
}
