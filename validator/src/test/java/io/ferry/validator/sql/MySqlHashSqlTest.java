package io.ferry.validator.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.config.TypesConfig.ZeroDateRule;
import io.ferry.core.config.ZeroDatePolicy;
import io.ferry.core.value.LogicalType;
import io.ferry.validator.ValidatedColumn;
import java.util.List;
import org.junit.jupiter.api.Test;

class MySqlHashSqlTest {

    private static final ValidatedColumn FLAG = new ValidatedColumn("flag", "flag", LogicalType.BOOLEAN, "boolean", List.of(),
            new ZeroDateRule(ZeroDatePolicy.ERROR, null));

    @Test
    void aTinyintOneRendersAsTrueOrFalseOnlyForOneOrZeroAndOtherwiseAsItsNumber() {
        assertThat(new MySqlHashSql().text(FLAG)).isEqualTo(
                "CASE WHEN `flag` IS NULL THEN NULL WHEN `flag` = 1 THEN 'true' WHEN `flag` = 0 THEN 'false' ELSE CAST(`flag` AS CHAR) END");
    }
}
