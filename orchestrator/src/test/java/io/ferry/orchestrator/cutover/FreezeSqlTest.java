package io.ferry.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FreezeSqlTest {

    @Test
    void readOnlyTogglesTheGlobalSwitchAndNamesTheAccountsThatBypassIt() {
        assertThat(ReadOnlyFreeze.FREEZE_SQL).isEqualTo("SET GLOBAL read_only = 1");
        assertThat(ReadOnlyFreeze.UNFREEZE_SQL).isEqualTo("SET GLOBAL read_only = 0");
        assertThat(ReadOnlyFreeze.BYPASSING_ACCOUNTS_SQL).contains("'SUPER'", "'READ_ONLY ADMIN'", "'CONNECTION_ADMIN'");
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
