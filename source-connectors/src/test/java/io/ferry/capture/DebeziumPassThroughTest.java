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

    @Test
    void snapshotSelectOverridesNameTablesAsDebeziumParsesThemWhateverTheirNames() {
        PipelineConfig config = pipeline("{kind: mariadb, host: db, database: shop, user: ferry}");
        TableId spaced = TableId.of("shop", "Order Items");
        TableId quoted = TableId.of("shop", "say \"hi\".v2");
        Map<TableId, String> selects = new java.util.LinkedHashMap<>();
        selects.put(spaced, "SELECT 1");
        selects.put(quoted, "SELECT 2");

        Properties p = DebeziumProperties.of(config, List.of(spaced, quoted), Map.of(), selects);

        // As Debezium reads them (RelationalDatabaseConnectorConfig): the list split at commas, each entry parsed as a
        // table id, and its statement under the entry as written.
        List<String> listed = List.of(p.getProperty("snapshot.select.statement.overrides").split(","));
        assertThat(listed).hasSize(2);
        assertThat(io.debezium.relational.TableId.parse(listed.get(0))).isEqualTo(new io.debezium.relational.TableId("shop", null, "Order Items"));
        assertThat(io.debezium.relational.TableId.parse(listed.get(1))).isEqualTo(new io.debezium.relational.TableId("shop", null, "say \"hi\".v2"));
        assertThat(p.getProperty("snapshot.select.statement.overrides." + listed.get(0))).isEqualTo("SELECT 1");
        assertThat(p.getProperty("snapshot.select.statement.overrides." + listed.get(1))).isEqualTo("SELECT 2");
    }

    @Test
    void aTableWhoseNameHoldsACommaCannotTakeASnapshotSelectAndIsNamed() {
        PipelineConfig config = pipeline("{kind: mariadb, host: db, database: shop, user: ferry}");
        TableId comma = TableId.of("shop", "a,b");

        assertThatThrownBy(() -> DebeziumProperties.of(config, List.of(comma), Map.of(), Map.of(comma, "SELECT 1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shop.a,b").hasMessageContaining("comma");
    }

    @Test
    void aPostgresqlSourceCapturesTheTablesListedAtStartWithPartitionsPublishedAsTheirRoot() {
        PipelineConfig pg = pipeline("{kind: postgresql, host: db, database: shop, schema: Sales, user: ferry}");
        List<TableId> tables = List.of(TableId.of("Sales", "events"), TableId.of("Sales", "orders"));
        Properties p = DebeziumProperties.of(pg, tables);

        assertThat(p.getProperty("table.include.list")).isEqualTo("\\QSales\\E\\.\\Qevents\\E,\\QSales\\E\\.\\Qorders\\E");
        assertThat("Sales.events_2027_01").as("a partition is not captured apart from its root")
                .doesNotMatch(p.getProperty("table.include.list").split(",")[0]);
        assertThat(p.getProperty("publish.via.partition.root")).isEqualTo("true");

        // A binlog source also follows tables created later whose names the patterns select.
        PipelineConfig maria = pipeline("{kind: mariadb, host: db, database: shop, user: ferry}");
        assertThat(DebeziumProperties.of(maria, List.of(TableId.of("shop", "orders"))).getProperty("table.include.list"))
                .startsWith("\\Qshop\\E\\.\\Qorders\\E,\\Qshop\\E\\.");
    }
}
