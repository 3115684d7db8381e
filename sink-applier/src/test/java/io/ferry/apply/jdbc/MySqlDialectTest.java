package io.ferry.apply.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.core.schema.TableId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MySqlDialectTest {

    private static TargetTable orderLines() {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("order_id", "bigint(20) unsigned");
        types.put("line_no", "int(11)");
        types.put("paid", "tinyint(1)");
        types.put("flags", "bit(8)");
        types.put("photo", "blob");
        return new TargetTable(TableId.of("shop", "order_lines"), types, List.of("order_id", "line_no"));
    }

    @Test
    void upsertUpdatesOnlyNonKeyColumnsFromTheInsertedValues() {
        assertThat(MySqlDialect.upsert(orderLines(), List.of("order_id", "line_no", "paid", "flags", "photo"))).isEqualTo(
                "INSERT INTO `shop`.`order_lines` (`order_id`, `line_no`, `paid`, `flags`, `photo`) "
                        + "VALUES (?, ?, ?, CAST(CONV(?, 2, 10) AS UNSIGNED), FROM_BASE64(?)) "
                        + "ON DUPLICATE KEY UPDATE `paid` = VALUES(`paid`), `flags` = VALUES(`flags`), `photo` = VALUES(`photo`)");
    }

    @Test
    void upsertOfOnlyKeyColumnsLeavesAnExistingRowAsItIs() {
        assertThat(MySqlDialect.upsert(orderLines(), List.of("order_id", "line_no"))).isEqualTo(
                "INSERT INTO `shop`.`order_lines` (`order_id`, `line_no`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `order_id` = `order_id`");
    }

    @Test
    void deleteMatchesEveryKeyColumn() {
        assertThat(MySqlDialect.delete(orderLines()))
                .isEqualTo("DELETE FROM `shop`.`order_lines` WHERE `order_id` = ? AND `line_no` = ?");
    }

    @Test
    void identifiersAreQuotedWithBackticksDoubled() {
        assertThat(MySqlDialect.quote("we`ird name")).isEqualTo("`we``ird name`");
        assertThatThrownBy(() -> MySqlDialect.quote("a\0b")).hasMessageContaining("NUL");
    }

    @Test
    void valuesAreConvertedForTheSourceColumnType() {
        assertThat(MySqlDialect.text(orderLines(), "paid", "true")).isEqualTo("1");
        assertThat(MySqlDialect.text(orderLines(), "order_id", "18446744073709551615")).isEqualTo("18446744073709551615");
    }

    @Test
    void aSecondaryUniqueIndexIsRefusedNamingTableIndexAndColumns() {
        assertThat(MySqlTargetCatalog.secondaryUniqueIndexProblem(TableId.of("shop", "customers"), Map.of())).isNull();
        assertThat(MySqlTargetCatalog.secondaryUniqueIndexProblem(TableId.of("shop", "customers"), Map.of("uq_email", List.of("email"))))
                .contains("shop.customers").contains("uq_email (email)").contains("ON DUPLICATE KEY UPDATE");
    }

    @Test
    void aShortenedPostgreSqlNameMapsBackToTheSourceName() {
        MySqlTargetCatalog catalog = new MySqlTargetCatalog("shop", Map.of("a_long_name_9f3a", "a_long_name_in_full"));
        assertThat(catalog.targetId(TableId.of("app", "a_long_name_9f3a"))).isEqualTo(TableId.of("shop", "a_long_name_in_full"));
        assertThat(catalog.targetId(TableId.of("app", "orders"))).isEqualTo(TableId.of("shop", "orders"));
    }
}
