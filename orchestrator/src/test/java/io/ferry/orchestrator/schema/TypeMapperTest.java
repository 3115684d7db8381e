package io.ferry.orchestrator.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TypeMapperTest {

    private final TypeMapper mapper = new TypeMapper(TypeMapper.Options.DEFAULTS);

    private static MySqlColumn col(String dataType, String columnType) {
        return new MySqlColumn("c", dataType, columnType, true, null, null, null, null, null, "");
    }

    private String sql(String dataType, String columnType) {
        return mapper.map("t", col(dataType, columnType)).sql();
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
        PgColumnType u64 = mapper.map("t", col("bigint", "bigint(20) unsigned"));
        assertThat(u64.sql()).isEqualTo("numeric(20,0)");
        assertThat(u64.check()).isEqualTo(" BETWEEN 0 AND 18446744073709551615");
    }

    @Test
    void tinyintOneIsBooleanUnlessSwitchedOff() {
        assertThat(sql("tinyint", "tinyint(1)")).isEqualTo("boolean");
        TypeMapper keep = new TypeMapper(new TypeMapper.Options(false, true));
        assertThat(keep.map("t", col("tinyint", "tinyint(1)")).sql()).isEqualTo("smallint");
    }

    @Test
    void exactAndApproximateNumbers() {
        MySqlColumn dec = new MySqlColumn("d", "decimal", "decimal(65,30)", true, null, 65, 30, null, null, "");
        assertThat(mapper.map("t", dec).sql()).isEqualTo("numeric(65,30)");
        assertThat(sql("float", "float")).isEqualTo("real");
        assertThat(sql("double", "double")).isEqualTo("double precision");
        assertThat(sql("year", "year(4)")).isEqualTo("smallint");
    }

    @Test
    void textAndBinaryFamilies() {
        MySqlColumn vc = new MySqlColumn("v", "varchar", "varchar(190)", true, 190L, null, null, null, null, "");
        assertThat(mapper.map("t", vc).sql()).isEqualTo("varchar(190)");
        MySqlColumn ch = new MySqlColumn("c", "char", "char(3)", true, 3L, null, null, null, null, "");
        assertThat(mapper.map("t", ch).sql()).as("CHAR loses its padding on read in MySQL").isEqualTo("varchar(3)");
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
        assertThat(mapper.map("t", dt).sql()).isEqualTo("timestamp(6)");
        assertThat(mapper.map("t", ts).sql()).isEqualTo("timestamptz(3)");
        assertThat(sql("date", "date")).isEqualTo("date");
        assertThat(sql("time", "time(6)")).as("TIME may be negative or beyond 24 hours").isEqualTo("interval");
    }

    @Test
    void enumBecomesTextWithACheckOfItsLabels() {
        PgColumnType e = mapper.map("t", col("enum", "enum('gold tier','it''s','a,b')"));
        assertThat(e.sql()).isEqualTo("text");
        assertThat(e.check()).isEqualTo(" IN ('gold tier', 'it''s', 'a,b')");
        assertThat(sql("set", "set('a','b')")).isEqualTo("text");
        assertThat(sql("json", "json")).isEqualTo("jsonb");
    }

    @Test
    void spatialAndUnknownTypesAreRefusedByName() {
        assertThatThrownBy(() -> mapper.map("shop.places", new MySqlColumn("where", "point", "point", true, null, null, null, null, null, "")))
                .isInstanceOf(UnsupportedTypeException.class)
                .hasMessageContaining("shop.places.where").hasMessageContaining("spatial");
        assertThatThrownBy(() -> sql("vector", "vector(3)")).hasMessageContaining("vector(3)");
    }
}
