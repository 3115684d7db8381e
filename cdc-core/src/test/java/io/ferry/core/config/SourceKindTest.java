package io.ferry.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceKindTest {

    @Test
    void onlyPostgresqlKeepsTablesInASchemaAndCanServeAsATarget() {
        assertThat(SourceKind.POSTGRESQL.hasSchemas()).isTrue();
        assertThat(SourceKind.POSTGRESQL.namespaceNoun()).isEqualTo("schema");
        assertThat(SourceKind.POSTGRESQL.asTarget()).contains(TargetKind.POSTGRESQL);
        assertThat(SourceKind.POSTGRESQL.isMySqlFamily()).isFalse();
        for (SourceKind binlog : new SourceKind[] {SourceKind.MARIADB, SourceKind.MYSQL}) {
            assertThat(binlog.hasSchemas()).isFalse();
            assertThat(binlog.namespaceNoun()).isEqualTo("database");
            assertThat(binlog.asTarget()).isEmpty();
            assertThat(binlog.isMySqlFamily()).isTrue();
        }
    }

    @Test
    void aSourceConfigNamesItsTablesByTheKindsNamespace() {
        SourceConfig pg = new SourceConfig(SourceKind.POSTGRESQL, "h", 0, "u", null, "shop", 0);
        SourceConfig maria = new SourceConfig(SourceKind.MARIADB, "h", 0, "u", null, "shop", 0);
        assertThat(pg.namespace()).isEqualTo("public");
        assertThat(pg.port()).isEqualTo(5432);
        assertThat(maria.namespace()).isEqualTo("shop");
        assertThat(maria.serverId()).isEqualTo(SourceConfig.DEFAULT_SERVER_ID);
    }
}
