package io.ferry.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.capture.engine.SourceEngines;
import io.ferry.core.config.SourceKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreezeSqlTest {

    @Test
    void readOnlyRunsTheEnginesSwitchAndNamesTheAccountsThatBypassMariaDbs() {
        ReadOnlyFreeze mariadb = new ReadOnlyFreeze(null, SourceEngines.of(SourceKind.MARIADB).readOnlyFreeze("shop", null));
        assertThat(mariadb.describeFreeze()).first().isEqualTo("freeze: SET GLOBAL read_only = 1");
        assertThat(mariadb.describeUnfreeze()).containsExactly("unfreeze: SET GLOBAL read_only = 0");
        ReadOnlyFreeze mysql = new ReadOnlyFreeze(null, SourceEngines.of(SourceKind.MYSQL).readOnlyFreeze("shop", null));
        assertThat(mysql.describeFreeze()).first().isEqualTo("freeze: SET GLOBAL super_read_only = ON");
        assertThat(SourceEngines.of(SourceKind.MYSQL).readOnlyFreeze("shop", null).bypassingAccountsQuery())
                .as("super_read_only stops every account").isNull();
        assertThat(mysql.describeUnfreeze()).containsExactly("unfreeze: SET GLOBAL super_read_only = OFF", "unfreeze: SET GLOBAL read_only = OFF");
        assertThat(SourceEngines.of(SourceKind.MARIADB).readOnlyFreeze("shop", null).bypassingAccountsQuery()).contains("'SUPER'", "'READ_ONLY ADMIN'", "'CONNECTION_ADMIN'");
    }

    @Test
    void revokeQuotesTheDatabaseAndTheAccountWhateverTheirNames() {
        MySqlAccount hostile = new MySqlAccount("o'brien\\", "10.0.%");
        assertThat(RevokeFreeze.revokeSql(List.of("INSERT", "UPDATE", "DELETE"), "shop`; DROP", hostile))
                .isEqualTo("REVOKE INSERT, UPDATE, DELETE ON `shop``; DROP`.* FROM 'o''brien\\\\'@'10.0.%'");
        assertThat(RevokeFreeze.grantSql(List.of("INSERT"), "shop", new MySqlAccount("app", "%")))
                .isEqualTo("GRANT INSERT ON `shop`.* TO 'app'@'%'");
        assertThat(RevokeFreeze.killSql(42)).isEqualTo("KILL CONNECTION 42");
        assertThat(new MySqlAccount("app", "%").grantee()).isEqualTo("'app'@'%'");
    }
}
