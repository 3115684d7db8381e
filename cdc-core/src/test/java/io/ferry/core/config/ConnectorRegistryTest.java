package io.ferry.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorRegistryTest {

    private static final String SECRET = "conn-S3cret-marker";

    @TempDir
    Path dir;

    @Test
    void readsEachFileAsAConnectionNamedByItsFileAndReportsABrokenOneWithFileLineAndKeyWithoutHidingTheOthers() throws Exception {
        Files.writeString(dir.resolve("shop-mysql.yaml"), """
                kind: mysql
                host: db.internal
                database: shop
                user: ferry
                password: ${env:SHOP_PW}
                tls: {mode: verify-full, caFile: /etc/ferry/ca.pem}
                debezium: {snapshot.fetch.size: "5000"}
                """);
        Files.writeString(dir.resolve("broken.yaml"), """
                kind: mariadb
                host: db2
                database: crm
                user: ferry
                prot: 3307
                """);
        Files.writeString(dir.resolve("notes.txt"), "not a connector");

        List<ConnectorRegistry.Entry> entries = ConnectorRegistry.scan(dir, n -> n.equals("SHOP_PW") ? SECRET : null);

        assertThat(entries).extracting(ConnectorRegistry.Entry::name).containsExactly("broken", "shop-mysql");
        ConnectorRegistry.Entry shop = entries.get(1);
        assertThat(shop.valid()).isTrue();
        assertThat(shop.config().port()).isEqualTo(3306);
        assertThat(shop.config().password().reveal()).isEqualTo(SECRET);
        assertThat(shop.config().tls().verifiesHost()).isTrue();
        assertThat(shop.config().debezium().get("snapshot.fetch.size").reveal()).isEqualTo("5000");
        assertThat(shop.config().toString()).doesNotContain(SECRET);
        SourceConfig source = shop.config().asSource(0, null);
        assertThat(source.kind()).isEqualTo(SourceKind.MYSQL);
        assertThat(source.tls().caFile()).isEqualTo("/etc/ferry/ca.pem");

        ConnectorRegistry.Entry broken = entries.get(0);
        assertThat(broken.valid()).isFalse();
        assertThat(broken.problem()).contains("broken.yaml:5:").contains("prot: unknown key").contains("port");
    }

    @Test
    void aFileNameThatCannotNameAConnectorIsReported() throws Exception {
        Files.writeString(dir.resolve("bad name.yaml"), "kind: mysql\n");
        assertThat(ConnectorRegistry.scan(dir, n -> null).get(0).problem()).contains("file name must be letters, digits");
    }
}
