package io.ferry.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetKindConfigTest {

    private static PipelineConfig parse(String targetKind) {
        String yaml = "name: p\nsource: {kind: mariadb, host: h, port: 1, user: u, password: x, database: db, serverId: 5}\n"
                + "target: {kind: " + targetKind + ", host: h, port: 1, user: u, password: x, database: d}\n"
                + "kafka: {bootstrapServers: 'k:1'}\n";
        return ConfigLoader.parse(yaml, "p.yaml", n -> null, null);
    }

    @Test
    void aPipelinesTargetIsPostgreSql() {
        assertThat(parse("postgresql").target().kind()).isEqualTo(TargetKind.POSTGRESQL);
    }

    @Test
    void mariaDbIsOnlyTheWayBackOfARollbackNotAPipelinesTarget() {
        assertThatThrownBy(() -> parse("mariadb")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("target.kind").hasMessageContaining("rollback");
    }
}
