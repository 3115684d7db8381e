package io.ferry.core.schema.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.config.TypesConfig;
import io.ferry.core.schema.TableId;
import org.junit.jupiter.api.Test;

class ReverseTypesTest {

    private static final TableId T = TableId.of("shop", "orders");
    private final TypeMapper mapper = new TypeMapper(TypesConfig.DEFAULTS);

    private static MySqlColumn col(String dataType, String columnType, Long length, Integer precision, Integer scale, Integer fsp) {
        return new MySqlColumn("c", dataType, columnType, true, length, precision, scale, fsp, null, "");
    }

    private String problem(MySqlColumn c, String target) {
        return ReverseTypes.problem(mapper, T, c, target);
    }

    @Test
    void acceptsEveryForwardMappingAsPostgreSqlSpellsIt() {
        assertThat(problem(col("tinyint", "tinyint(1)", null, 3, 0, null), "boolean")).isNull();
        assertThat(problem(col("bigint", "bigint(20) unsigned", null, 20, 0, null), "numeric(20,0)")).isNull();
        assertThat(problem(col("timestamp", "timestamp(3)", null, null, null, 3), "timestamp(3) with time zone")).isNull();
        assertThat(problem(col("datetime", "datetime", null, null, null, 0), "timestamp(0) without time zone")).isNull();
        assertThat(problem(col("varchar", "varchar(40)", 40L, null, null, null), "character varying(40)")).isNull();
        assertThat(problem(col("json", "json", null, null, null, null), "jsonb")).isNull();
        assertThat(problem(col("time", "time(6)", null, null, null, 6), "interval")).isNull();
        assertThat(problem(col("bit", "bit(8)", null, 8, null, null), "bit(8)")).isNull();
        assertThat(problem(col("enum", "enum('a','b')", 1L, null, null, null), "text")).isNull();
        assertThat(problem(col("blob", "blob", null, null, null, null), "bytea")).isNull();
    }

    @Test
    void reportsAColumnChangedOnTheTargetNamingBothTypes() {
        String p = problem(col("varchar", "varchar(40)", 40L, null, null, null), "character varying(80)");
        assertThat(p).contains("shop.orders.c").contains("character varying(80)").contains("varchar(40)");
        assertThat(problem(col("tinyint", "tinyint(1)", null, 3, 0, null), "smallint")).isNotNull();
    }
}
