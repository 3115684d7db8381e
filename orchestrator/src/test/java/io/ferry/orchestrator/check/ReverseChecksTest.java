package io.ferry.orchestrator.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.config.TypesConfig;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.mapping.MySqlColumn;
import io.ferry.core.schema.mapping.TypeMapper;
import io.ferry.orchestrator.schema.MySqlTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReverseChecksTest {

    private static final TypeMapper MAPPER = new TypeMapper(TypesConfig.DEFAULTS);

    private static MySqlColumn col(String name, String dataType, String columnType, Long length) {
        return new MySqlColumn(name, dataType, columnType, false, length, null, null, null, null, "");
    }

    private static MySqlTable table(String name, List<String> pk, List<MySqlTable.Index> indexes) {
        return new MySqlTable(TableId.of("shop", name), List.of(col("id", "int", "int(11)", null), col("email", "varchar", "varchar(100)", 100L)),
                pk, indexes, List.of(), List.of(), "");
    }

    private static List<Finding> check(MySqlTable t, Map<String, String> target) {
        return ReverseChecks.of(List.of(t), MAPPER, id -> target);
    }

    @Test
    void aTableWithOnlyItsPrimaryKeyGoesBack() {
        assertThat(check(table("orders", List.of("id"), List.of(new MySqlTable.Index("ix_email", false, List.of("email")))),
                Map.of("id", "integer", "email", "character varying(100)"))).isEmpty();
    }

    @Test
    void aSecondaryUniqueIndexIsReportedBeforeTheCutover() {
        List<Finding> f = check(table("customers", List.of("id"), List.of(new MySqlTable.Index("uq_email", true, List.of("email")))), Map.of());
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Finding.Severity.ERROR);
            assertThat(x.code()).isEqualTo("reverse.unique-index");
            assertThat(x.subject()).isEqualTo("shop.customers");
            assertThat(x.message()).contains("uq_email (email)").contains("ON DUPLICATE KEY UPDATE");
        });
    }

    @Test
    void aTableWithoutPrimaryKeyOrWithAColumnChangedOnTheTargetIsReported() {
        assertThat(check(table("log", List.of(), List.of()), Map.of())).extracting(Finding::code).containsExactly("reverse.no-primary-key");
        assertThat(check(table("orders", List.of("id"), List.of()), Map.of("id", "integer", "email", "text")))
                .extracting(Finding::code, Finding::subject).containsExactly(org.assertj.core.groups.Tuple.tuple("reverse.type", "shop.orders.email"));
    }
}
