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

    @Test
    void aRevokeFreezeOfAPostgresSourceIsAnErrorAndTheCutoverRefusesIt() {
        var cutover = new io.ferry.core.config.CutoverConfig(io.ferry.core.config.FreezeMethod.REVOKE, 0, 0, 0, "shop", null, null,
                io.ferry.core.config.ReverseConfig.DISABLED);
        var postgres = io.ferry.capture.engine.SourceEngines.of(io.ferry.core.config.SourceKind.POSTGRESQL);
        assertThat(FreezeChecks.unsupported(cutover, postgres)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
            assertThat(f.message()).contains("mariadb and mysql sources only").contains("read_only");
        });
        assertThat(FreezeChecks.unsupported(cutover, io.ferry.capture.engine.SourceEngines.of(io.ferry.core.config.SourceKind.MARIADB))).isEmpty();
    }
}
