package io.ferry.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ferry.core.tls.DatabaseTls;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TLS to the databases and a secured Kafka cluster, as the pipeline file gives them. */
class SecuredConnectionsConfigTest {

    private static final String SECRET = "jaas-S3cret-marker";

    private static PipelineConfig parse(String extraSource, String extraTarget, String kafka) {
        String yaml = """
                name: secured
                source: {kind: mariadb, host: db, user: ferry, database: shop%s}
                target: {kind: postgresql, host: pg, database: shop, user: ferry%s}
                kafka: {bootstrapServers: "k1:9093"%s}
                """.formatted(extraSource, extraTarget, kafka);
        return ConfigLoader.parse(yaml, "secured.yaml", n -> n.equals("JAAS") ? SECRET : null, null);
    }

    @Test
    void kafkaClientPropertiesReachTheClientsAndNeverTheirPrintedForm() {
        PipelineConfig c = parse("", "", ", clientProperties: {security.protocol: SASL_SSL, sasl.mechanism: SCRAM-SHA-512, "
                + "sasl.jaas.config: \"${env:JAAS}\", ssl.truststore.location: /etc/kafka/ca.p12}");
        assertThat(c.kafka().clientConfig()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.jaas.config", SECRET)
                .containsEntry("ssl.truststore.location", "/etc/kafka/ca.p12");
        assertThat(c.toString()).doesNotContain(SECRET);
        assertThat(c.kafka().withBootstrapServers("k2:9093").clientConfig()).isEqualTo(c.kafka().clientConfig());
    }

    @Test
    void kafkaClientPropertiesThatFerrySetsItselfAreRefusedNamingTheKey() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> parse("", "", ", clientProperties: {bootstrap.servers: other:9092, security.protocol: SSL}"));
        assertThat(e.getMessage()).contains("secured.yaml").contains("kafka.clientProperties").contains("bootstrap.servers")
                .contains("security.protocol, ssl.* and sasl.* only");
    }

    @Test
    void tlsModesMapToEachClientsOwnWords() {
        PipelineConfig c = parse(", tls: {mode: verify-full, caFile: /etc/ferry/ca.pem}", ", tls: {mode: require}", "");
        assertThat(DatabaseTls.mariaDbJdbcParameters(c.source().tls()))
                .isEqualTo(Map.of("sslMode", "verify-full", "serverSslCert", "/etc/ferry/ca.pem"));
        assertThat(DatabaseTls.postgresJdbcParameters(c.target().tls()))
                .containsExactlyEntriesOf(Map.of("sslmode", "require"));
        assertThat(DatabaseTls.urlSuffix(DatabaseTls.postgresJdbcParameters(
                new TlsConfig("verify-full", "/ca.pem")))).isEqualTo("?sslmode=verify-full&sslrootcert=/ca.pem");
        assertThat(DatabaseTls.mySqlDebeziumProperties(new TlsConfig("require", null), "source.tls"))
                .containsEntry("database.ssl.mode", "required");
        assertThat(DatabaseTls.mariaDbDebeziumProperties(TlsConfig.DISABLED, "source.tls"))
                .containsEntry("database.ssl.mode", "disable");
        assertThat(DatabaseTls.postgresDebeziumProperties(TlsConfig.DISABLED)).isEmpty();
    }

    @Test
    void aVerifyingModeWithoutACaFileOrAnUnknownModeIsRefusedNamingTheKey() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> parse(", tls: {mode: verify-ca}", ", tls: {mode: verify_full, caFile: x.pem}", ""));
        assertThat(e.getMessage()).contains("source.tls.caFile").contains("required by mode verify-ca")
                .contains("target.tls.mode").contains("disable, require, verify-ca, verify-full");
    }

    @Test
    void aMissingCaFileIsNamedWhereATrustStoreIsMadeFromIt() {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                () -> DatabaseTls.mySqlDebeziumProperties(new TlsConfig("verify-full", "/nonexistent/ca.pem"), "source.tls"));
        assertThat(e.getMessage()).isEqualTo("source.tls.caFile: /nonexistent/ca.pem does not exist");
    }
}
