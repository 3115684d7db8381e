package io.ferry.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.core.config.ConfigException;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.DebeziumPassThrough;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.schema.TableId;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DebeziumPassThroughTest {

    private static PipelineConfig pipeline(String source) {
        return ConfigLoader.parse("""
                name: shop
                source: %s
                target: {kind: postgresql, host: pg, database: t, user: u}
                kafka: {bootstrapServers: "k:9092", clientProperties: {security.protocol: SASL_SSL, sasl.mechanism: PLAIN}}
                capture: {retry: {initialBackoffMs: 100}}
                """.formatted(source), "p.yaml", n -> null, null);
    }

    @Test
    void everyPropertyFerrySetsIsOwnedOrTunableSoAPassThroughCannotQuietlyChangeIt() {
        for (String source : List.of(
                "{kind: mariadb, host: db, database: shop, user: ferry, tls: {mode: require}}",
                "{kind: mysql, host: db, database: shop, user: ferry}",
                "{kind: postgresql, host: db, database: shop, user: ferry, tls: {mode: require}}")) {
            PipelineConfig config = pipeline(source);
            List<TableId> tables = List.of(TableId.of(config.source().namespace(), "orders"));
            Properties p = DebeziumProperties.of(config, tables, Map.of(tables.get(0), List.of("id")), Map.of(tables.get(0), "SELECT 1"));
            DebeziumProperties.retries(p, config.capture().retry(), 3);
            JoinedTables.signalProperties(java.nio.file.Path.of("/tmp/s")).forEach(p::setProperty);
            for (String key : p.stringPropertyNames()) {
                assertThat(DebeziumPassThrough.owned(key) || DebeziumPassThrough.TUNABLE.contains(key))
                        .as("%s (set for %s) must be owned or tunable in DebeziumPassThrough", key, config.source().kind()).isTrue();
            }
        }
    }

    @Test
    void passThroughPropertiesReachTheEngineAfterFerrysAndMayTuneSizes() {
        PipelineConfig config = pipeline("{kind: mariadb, host: db, database: shop, user: ferry, "
                + "debezium: {snapshot.fetch.size: \"5000\", database.initial.statements: \"SET SESSION wait_timeout=3600\"}}");

        Properties p = DebeziumProperties.of(config, List.of(TableId.of("shop", "orders")));

        assertThat(p.getProperty("snapshot.fetch.size")).isEqualTo("5000");
        assertThat(p.getProperty("database.initial.statements")).isEqualTo("SET SESSION wait_timeout=3600");
        assertThat(config.toString()).doesNotContain("wait_timeout");
    }

    @Test
    void aPassThroughOfAPropertyFerryOwnsIsRefusedAtItsKey() {
        assertThatThrownBy(() -> pipeline("{kind: mariadb, host: db, database: shop, user: ferry, "
                + "debezium: {snapshot.mode: never, offset.storage: x}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("p.yaml:2:")
                .hasMessageContaining("source.debezium: Ferry sets offset.storage, snapshot.mode itself");
    }
}
