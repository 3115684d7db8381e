package io.ferry.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubstituteKeyTest {

    @Test
    void theFirstUniqueIndexOverNotNullColumnsKeysTheTable() {
        Set<String> notNull = Set.of("code", "region", "sku");
        assertThat(SubstituteKey.choose(List.of(List.of("email"), List.of("region", "code"), List.of("sku")), notNull::contains))
                .as("an index with a nullable column is passed over").containsExactly("region", "code");
        assertThat(SubstituteKey.choose(List.of(List.of("email")), notNull::contains)).isEmpty();
        assertThat(SubstituteKey.choose(List.of(List.of()), c -> true)).as("an index without plain columns").isEmpty();
        assertThat(SubstituteKey.choose(List.of(), c -> true)).isEmpty();
    }
}
