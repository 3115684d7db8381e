package io.ferry.core.schema.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.TypesConfig;
import io.ferry.core.schema.TableId;
import org.junit.jupiter.api.Test;

class TypeMapperTest {

    private static final TableId T = TableId.of("db", "t");
    private final TypeMapper mapper = new TypeMapper(TypesConfig.DEFAULTS);

    private static TypesConfig rules(String yaml) {
        String pipeline = "name: p\nsource: {kind: mariadb, host: h, port: 1, user: u, password: x, database: db, serverId: 5}\n"
                + "target: {kind: postgresql, host: h, port: 1, user: u, password: x, database: d}\n"
                + "kafka: {bootstrapServers: 'k:1'}\ntypes:\n" + yaml;
        return ConfigLoader.parse(pipeline, "p.yaml", n -> null, null).types();
    }

    private static MySqlColumn col(String dataType, String columnType) {
        return new MySqlColumn("c", dataType, columnType, true, null, null, null, null, null, "");
    }

    private String sql(String dataType, String columnType) {
        return mapper.map(T, col(dataType, columnType)).sql();
    }

    @Test
    void integersWidenWhereUnsignedValuesWouldOverflow() {
        assertThat(sql("tinyint", "tinyint(4)")).isEqualTo("smallint");
        assertThat(sql("tinyint", "tinyint(3) unsigned")).isEqualTo("smallint");
        assertThat(sql("smallint", "smallint(6)")).isEqualTo("smallint");
        assertThat(sql("smallint", "smallint(5) unsigned")).isEqualTo("integer");
        assertThat(sql("mediumint", "mediumint(8) unsigned")).isEqualTo("integer");
        assertThat(sql("int", "int(11)")).isEqualTo("integer");
        assertThat(sql("int", "int(10) unsigned")).isEqualTo("bigint");
        assertThat(sql("bigint", "bigint(20)")).isEqualTo("bigint");
        PgColumnType u64 = mapper.map(T, col("bigint", "bigint(20) unsigned"));
        assertThat(u64.sql()).isEqualTo("numeric(20,0)");
        assertThat(u64.check()).isEqualTo(" BETWEEN 0 AND 18446744073709551615");
    }

    @Test
    void tinyintOneIsBooleanUnlessSwitchedOff() {
        assertThat(sql("tinyint", "tinyint(1)")).isEqualTo("boolean");
        TypeMapper keep = new TypeMapper(rules("  tinyint1: smallint\n"));
        assertThat(keep.map(T, col("tinyint", "tinyint(1)")).sql()).isEqualTo("smallint");
    }

    @Test
    void overridesPerColumnWinOverOverridesPerTypeWhichWinOverTheDefaults() {
        TypeMapper m = new TypeMapper(rules("  byType: {json: text, \"tinyint(1)\": smallint, \"datetime(6)\": timestamptz(6)}\n"
                + "  columns:\n    t.c: {type: varchar(40)}\n"));
        assertThat(m.map(T, col("json", "json")).sql()).isEqualTo("varchar(40)");
        assertThat(m.map(TableId.of("db", "other"), col("json", "json")).sql()).isEqualTo("text");
        assertThat(m.map(TableId.of("db", "other"), col("tinyint", "tinyint(1)")).sql()).isEqualTo("smallint");
        assertThat(m.rules().tinyint1AsBoolean("other", "c", "tinyint(1)")).as("capture follows the same rule").isFalse();
        assertThat(m.map(TableId.of("db", "other"), col("datetime", "datetime(6)")).sql()).isEqualTo("timestamptz(6)");
        assertThat(m.map(TableId.of("db", "other"), col("datetime", "datetime(3)")).sql()).isEqualTo("timestamp(0)");
    }

    @Test
    void enumAndSetMappingsAreSwitchable() {
        PgColumnType pgEnum = new TypeMapper(rules("  enums: pg_enum\n")).map(T, col("enum", "enum('a','b c')"));
        assertThat(pgEnum.pgEnum()).isTrue();
        assertThat(pgEnum.enumLabels()).containsExactly("a", "b c");
        PgColumnType text = new TypeMapper(rules("  enums: text\n")).map(T, col("enum", "enum('a')"));
        assertThat(text.sql()).isEqualTo("text");
        assertThat(text.check()).isNull();
        assertThat(new TypeMapper(rules("  sets: array\n")).map(T, col("set", "set('a','b')")).sql()).isEqualTo("text[]");
    }

    @Test
    void bitOfOneIsBooleanAndWiderBitsKeepTheirWidth() {
        MySqlColumn one = new MySqlColumn("b", "bit", "bit(1)", true, null, 1, null, null, null, "");
        MySqlColumn wide = new MySqlColumn("b", "bit", "bit(12)", true, null, 12, null, null, null, "");
        assertThat(mapper.map(T, one).sql()).isEqualTo("boolean");
        assertThat(mapper.map(T, wide).sql()).isEqualTo("bit(12)");
    }

    @Test
    void exactAndApproximateNumbers() {
        MySqlColumn dec = new MySqlColumn("d", "decimal", "decimal(65,30)", true, null, 65, 30, null, null, "");
        assertThat(mapper.map(T, dec).sql()).isEqualTo("numeric(65,30)");
        assertThat(sql("float", "float")).isEqualTo("real");
        assertThat(sql("double", "double")).isEqualTo("double precision");
        assertThat(sql("year", "year(4)")).isEqualTo("smallint");
    }

    @Test
    void textAndBinaryFamilies() {
        MySqlColumn vc = new MySqlColumn("v", "varchar", "varchar(190)", true, 190L, null, null, null, null, "");
        assertThat(mapper.map(T, vc).sql()).isEqualTo("varchar(190)");
        MySqlColumn ch = new MySqlColumn("c", "char", "char(3)", true, 3L, null, null, null, null, "");
        assertThat(mapper.map(T, ch).sql()).as("CHAR loses its padding on read in MySQL").isEqualTo("varchar(3)");
        for (String t : new String[] {"tinytext", "text", "mediumtext", "longtext"}) {
            assertThat(sql(t, t)).isEqualTo("text");
        }
        for (String t : new String[] {"binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob"}) {
            assertThat(sql(t, t)).isEqualTo("bytea");
        }
    }

    @Test
    void temporalTypesKeepTheirFractionalPrecision() {
        MySqlColumn dt = new MySqlColumn("d", "datetime", "datetime(6)", true, null, null, null, 6, null, "");
        MySqlColumn ts = new MySqlColumn("s", "timestamp", "timestamp(3)", true, null, null, null, 3, null, "");
        assertThat(mapper.map(T, dt).sql()).isEqualTo("timestamp(6)");
        assertThat(mapper.map(T, ts).sql()).isEqualTo("timestamptz(3)");
        assertThat(sql("date", "date")).isEqualTo("date");
        assertThat(sql("time", "time(6)")).as("TIME may be negative or beyond 24 hours").isEqualTo("interval");
    }

    @Test
    void enumBecomesTextWithACheckOfItsLabels() {
        PgColumnType e = mapper.map(T, col("enum", "enum('gold tier','it''s','a,b')"));
        assertThat(e.sql()).isEqualTo("text");
        assertThat(e.check()).isEqualTo(" IN ('gold tier', 'it''s', 'a,b')");
        assertThat(sql("set", "set('a','b')")).isEqualTo("text");
        assertThat(sql("json", "json")).isEqualTo("jsonb");
    }

    @Test
    void spatialAndUnknownTypesAreRefusedByName() {
        assertThatThrownBy(() -> mapper.map(TableId.of("shop", "places"), new MySqlColumn("where", "point", "point", true, null, null, null, null, null, "")))
                .isInstanceOf(UnsupportedTypeException.class)
                .hasMessageContaining("shop.places.where").hasMessageContaining("spatial");
        assertThatThrownBy(() -> sql("vector", "vector(3)")).hasMessageContaining("vector(3)");
    }
}
