package io.ferry.apply.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.core.config.TargetKind;
import io.ferry.core.schema.TableId;
import io.ferry.core.value.LogicalType;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MySqlTargetDialectTest {

    private static final TargetDialect D = TargetDialects.of(TargetKind.MARIADB);

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
        assertThat(D.upsert(orderLines(), List.of("order_id", "line_no", "paid", "flags", "photo"))).isEqualTo(
                "INSERT INTO `shop`.`order_lines` (`order_id`, `line_no`, `paid`, `flags`, `photo`) "
                        + "VALUES (?, ?, ?, CAST(CONV(?, 2, 10) AS UNSIGNED), FROM_BASE64(?)) "
                        + "ON DUPLICATE KEY UPDATE `paid` = VALUES(`paid`), `flags` = VALUES(`flags`), `photo` = VALUES(`photo`)");
    }

    @Test
    void upsertOfOnlyKeyColumnsLeavesAnExistingRowAsItIs() {
        assertThat(D.upsert(orderLines(), List.of("order_id", "line_no"))).isEqualTo(
                "INSERT INTO `shop`.`order_lines` (`order_id`, `line_no`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `order_id` = `order_id`");
    }

    @Test
    void deleteMatchesEveryKeyColumn() {
        assertThat(D.delete(orderLines())).isEqualTo("DELETE FROM `shop`.`order_lines` WHERE `order_id` = ? AND `line_no` = ?");
    }

    @Test
    void identifiersAreQuotedWithBackticksDoubled() {
        assertThat(D.quote("we`ird name")).isEqualTo("`we``ird name`");
        assertThatThrownBy(() -> D.quote("a\0b")).hasMessageContaining("NUL");
        assertThat(D.targetName("a_postgresql_name")).isEqualTo("a_postgresql_name");
    }

    @Test
    void valuesAreConvertedForTheSourceColumnType() {
        assertThat(D.bindText("tinyint(1)", "true", "shop.t.paid")).isEqualTo("1");
        assertThat(D.bindText("bigint(20) unsigned", "18446744073709551615", "shop.t.id")).isEqualTo("18446744073709551615");
        assertThatThrownBy(() -> D.bindText("double", "NaN", "shop.t.d")).hasMessageContaining("shop.t.d");
        assertThat(D.logicalType("bit(1)")).isEqualTo(LogicalType.BOOLEAN);
        assertThat(D.logicalType("bit(9)")).isEqualTo(LogicalType.BITS);
        assertThat(D.logicalType("timestamp(6)")).isEqualTo(LogicalType.TIMESTAMP);
        assertThat(D.logicalType("float")).isEqualTo(LogicalType.FLOAT4);
    }

    @Test
    void aSecondaryUniqueIndexIsRefusedNamingTableIndexAndColumns() {
        assertThat(MySqlTargetDialect.secondaryUniqueIndexProblem(TableId.of("shop", "customers"), Map.of())).isNull();
        assertThat(MySqlTargetDialect.secondaryUniqueIndexProblem(TableId.of("shop", "customers"), Map.of("uq_email", List.of("email"))))
                .contains("shop.customers").contains("uq_email (email)").contains("ON DUPLICATE KEY UPDATE");
    }

    @Test
    void errorsAreSortedByVendorCodeThenState() {
        assertThat(D.classify(new SQLException("deadlock", "40001", 1213))).isEqualTo(SqlErrorKind.RETRIABLE);
        assertThat(D.isConflict(new SQLException("deadlock", "40001", 1213))).isTrue();
        assertThat(D.classify(new SQLException("lock wait", "HY000", 1205))).isEqualTo(SqlErrorKind.RETRIABLE);
        assertThat(D.classify(new SQLException("gone", "08S01", 2013))).isEqualTo(SqlErrorKind.RETRIABLE);
        assertThat(D.classify(new SQLException("dup", "23000", 1062))).isEqualTo(SqlErrorKind.POISON);
        assertThat(D.classify(new SQLException("out of range", "22003", 1264))).isEqualTo(SqlErrorKind.POISON);
        assertThat(D.classify(new SQLException("read only", "HY000", 1290))).isEqualTo(SqlErrorKind.PERMANENT);
        assertThat(D.classify(new SQLException("denied", "42000", 1142))).isEqualTo(SqlErrorKind.PERMANENT);
    }

    @Test
    void sessionsRunInUtcAndCountAffectedRowsForTheOffsetFence() {
        assertThat(D.connectionProperties("x")).containsEntry("useAffectedRows", "true")
                .containsEntry("sessionVariables", "time_zone='+00:00'");
        assertThat(D.upsertAppliedOffset()).endsWith("kafka_offset = IF(kafka_offset < VALUES(kafka_offset), VALUES(kafka_offset), kafka_offset)");
    }
}
