package io.ferry.orchestrator.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FreezeChecksTest {

    @Test
    void matchesTheApplicationUserByNameOrByNameAndHost() {
        assertThat(FreezeChecks.matches("'shop'@'%'", "shop")).isTrue();
        assertThat(FreezeChecks.matches("'shop'@'10.0.0.%'", "shop")).isTrue();
        assertThat(FreezeChecks.matches("'shop'@'%'", "shop@%")).isTrue();
        assertThat(FreezeChecks.matches("'shop'@'10.0.0.%'", "shop@%")).isFalse();
        assertThat(FreezeChecks.matches("'shopper'@'%'", "shop")).isFalse();
        assertThat(FreezeChecks.matches("'root'@'localhost'", "shop")).isFalse();
    }
}
