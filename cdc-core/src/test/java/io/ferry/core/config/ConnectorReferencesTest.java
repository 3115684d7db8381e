package io.ferry.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorReferencesTest {

    private static final String SECRET = "ref-S3cret-marker";
    private static final Function<String, String> ENV = n -> n.equals("PW") ? SECRET : null;

    @TempDir
    Path root;
    Path pipelines;
    Path connectors;

    @BeforeEach
    void folders() throws Exception {
        pipelines = Files.createDirectories(root.resolve("pipelines"));
        connectors = Files.createDirectories(root.resolve("connectors"));
        Files.writeString(connectors.resolve("shop-mysql.yaml"), """
                kind: mysql
                host: db.internal
                database: shop
                user: ferry
                password: ${env:PW}
                tls: {mode: verify-full, caFile: /etc/ferry/ca.pem}
                debezium: {snapshot.fetch.size: "5000"}
                """);
        Files.writeString(connectors.resolve("shop-pg.yaml"), """
                kind: postgresql
                host: pg.internal
                database: target
                user: postgres
                password: ${env:PW}
                """);
        Files.writeString(connectors.resolve("broken-db.yaml"), """
                kind: mariadb
                host: db2
                database: crm
                user: ferry
                prot: 3307
                """);
    }

    private PipelineConfig load(String yaml) throws Exception {
        Path file = pipelines.resolve("p.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.parse(yaml, file.toString(), ENV, pipelines, PipelineConfig.class,
                Connectors.besidePipelineFolder(pipelines, ENV));
    }

    @Test
    void sourceAndTargetNamingConnectorsGetTheConnectionsWithThePipelinesOwnKeysAdded() throws Exception {
        PipelineConfig config = load("""
                name: shop
                source: {connector: shop-mysql, serverId: 5401}
                target: {connector: shop-pg, schema: shop_copy}
                """);

        assertThat(config.source().kind()).isEqualTo(SourceKind.MYSQL);
        assertThat(config.source().host()).isEqualTo("db.internal");
        assertThat(config.source().port()).isEqualTo(3306);
        assertThat(config.source().serverId()).isEqualTo(5401);
        assertThat(config.source().password().reveal()).isEqualTo(SECRET);
        assertThat(config.source().tls().verifiesHost()).isTrue();
        assertThat(config.source().debezium().get("snapshot.fetch.size").reveal()).isEqualTo("5000");
        assertThat(config.target().host()).isEqualTo("pg.internal");
        assertThat(config.target().database()).isEqualTo("target");
        assertThat(config.target().schema()).isEqualTo("shop_copy");
        assertThat(config.toString()).doesNotContain(SECRET);
    }

    @Test
    void aPipelineByReferenceEqualsTheSamePipelineWrittenInline() throws Exception {
        PipelineConfig byReference = load("""
                name: shop
                source: {connector: shop-mysql}
                target: {connector: shop-pg}
                """);
        PipelineConfig inline = load("""
                name: shop
                source: {kind: mysql, host: db.internal, database: shop, user: ferry, password: "${env:PW}",
                         tls: {mode: verify-full, caFile: /etc/ferry/ca.pem}, debezium: {snapshot.fetch.size: "5000"}}
                target: {kind: postgresql, host: pg.internal, database: target, user: postgres, password: "${env:PW}"}
                """);
        assertThat(byReference).isEqualTo(inline);
    }

    @Test
    void anUnknownConnectorIsReportedAtItsKeyWithTheClosestName() {
        assertThatThrownBy(() -> load("""
                name: shop
                source:
                  connector: shop-mysq
                target: {connector: shop-pg}
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    List<ConfigProblem> problems = ((ConfigException) e).problems();
                    assertThat(problems).hasSize(1);
                    assertThat(problems.get(0).line()).isEqualTo(3);
                    assertThat(problems.get(0).key()).isEqualTo("source.connector");
                    assertThat(problems.get(0).file()).endsWith("p.yaml");
                    assertThat(problems.get(0).message()).contains("unknown connector 'shop-mysq'").contains("did you mean 'shop-mysql'");
                });
    }

    @Test
    void aBrokenConnectorIsReportedWithItsOwnFileLineAndKey() {
        assertThatThrownBy(() -> load("""
                name: shop
                source: {connector: broken-db}
                target: {connector: shop-pg}
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("p.yaml:2:")
                .hasMessageContaining("source.connector: connector 'broken-db' is broken")
                .hasMessageContaining("broken-db.yaml:5:1: prot: unknown key");
    }

    @Test
    void connectionKeysBesideAConnectorAndAWrongKindOfTargetAreReportedTogether() {
        assertThatThrownBy(() -> load("""
                name: shop
                source: {connector: shop-mysql, host: other}
                target: {connector: shop-mysql}
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .extracting(ConfigProblem::key).containsExactly("source.host", "target.connector"))
                .hasMessageContaining("the connector given by 'connector' sets this")
                .hasMessageContaining("connector 'shop-mysql' is a mysql connection; a target must be postgresql")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void aConnectorPassingThroughAPropertyFerryOwnsIsBrokenAtItsOwnLine() throws Exception {
        Files.writeString(connectors.resolve("owned.yaml"), """
                kind: mariadb
                host: db
                database: crm
                user: ferry
                debezium: {snapshot.mode: never}
                """);
        assertThatThrownBy(() -> load("""
                name: shop
                source: {connector: owned}
                target: {connector: shop-pg}
                """))
                .hasMessageContaining("source.connector: connector 'owned' is broken")
                .hasMessageContaining("owned.yaml:5:11: debezium: Ferry sets snapshot.mode itself");
    }

    @Test
    void aMissingRegistryFolderIsNamed() throws Exception {
        Files.delete(connectors.resolve("shop-mysql.yaml"));
        Files.delete(connectors.resolve("shop-pg.yaml"));
        Files.delete(connectors.resolve("broken-db.yaml"));
        Files.deleteIfExists(connectors.resolve("owned.yaml"));
        Files.delete(connectors);
        assertThatThrownBy(() -> load("""
                name: shop
                source: {connector: shop-mysql}
                target: {kind: postgresql, host: pg, database: t, user: u}
                """))
                .hasMessageContaining("source.connector: connector 'shop-mysql' cannot be looked up")
                .hasMessageContaining("connectors is not a directory");
    }

    @Test
    void thePipelineFolderListsEachFileWithTheConnectorsItUsesAndItsProblems() throws Exception {
        Files.writeString(pipelines.resolve("a.yaml"), """
                name: a
                source: {connector: shop-mysql}
                target: {connector: shop-pg}
                """);
        Files.writeString(pipelines.resolve("b.yaml"), """
                name: b
                source: {connector: shop-mysql}
                target: {connector: shop-pg}
                tables: {includ: [x]}
                """);
        Files.writeString(pipelines.resolve(".a.yaml.swp"), "junk");

        List<PipelineRegistry.Entry> entries = PipelineRegistry.scan(pipelines, Connectors.in(connectors, ENV), ENV);

        assertThat(entries).extracting(PipelineRegistry.Entry::fileName).containsExactly("a.yaml", "b.yaml");
        assertThat(entries.get(0).valid()).isTrue();
        assertThat(entries.get(0).connectors()).containsExactly("shop-mysql", "shop-pg");
        assertThat(entries.get(1).valid()).isFalse();
        assertThat(entries.get(1).connectors()).containsExactly("shop-mysql", "shop-pg");
        assertThat(entries.get(1).problems().get(0).format()).contains("b.yaml:4:").contains("tables.includ: unknown key");
        assertThat(entries.get(1).nameProblem("x").line()).isEqualTo(1);
    }
}
