package io.ferry.capture.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRangeSqlTest {

    @Test
    void anUnboundedChunkHasNoCondition() {
        assertThat(KeyRangeSql.of(List.of("`id`"), false, false).sql()).isEmpty();
    }

    @Test
    void aSingleColumnKeyIsAHalfOpenRange() {
        KeyRangeSql.Condition c = KeyRangeSql.of(List.of("`id`"), true, true);
        assertThat(c.sql()).isEqualTo("(`id` >= ?) AND (`id` < ?)");
        assertThat(c.keyIndexes()).containsExactly(0, 0);
        assertThat(c.upperBound()).containsExactly(false, true);
    }

    @Test
    void aCompositeKeyIsNestedSoTheRangeOptimizerReadsIt() {
        KeyRangeSql.Condition c = KeyRangeSql.of(List.of("`a`", "`b`"), true, false);
        assertThat(c.sql()).isEqualTo("(`a` > ? OR (`a` = ? AND (`b` >= ?)))");
        assertThat(c.keyIndexes()).containsExactly(0, 0, 1);
        KeyRangeSql.Condition upper = KeyRangeSql.of(List.of("`a`", "`b`", "`c`"), false, true);
        assertThat(upper.sql()).isEqualTo("(`a` < ? OR (`a` = ? AND (`b` < ? OR (`b` = ? AND (`c` < ?)))))");
        assertThat(upper.keyIndexes()).containsExactly(0, 0, 1, 1, 2);
        assertThat(upper.upperBound()).containsOnly(true);
    }
}
