package io.ferry.orchestrator.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GrantsTest {

    @Test
    void fullCaptureGrantLacksNothing() {
        assertThat(Grants.missing(List.of("GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR, LOCK TABLES ON *.* TO `ferry`@`%`"),
                "shop")).isEmpty();
        assertThat(Grants.missing(List.of("GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION"), "shop")).isEmpty();
    }

    @Test
    void selectOnTheDatabaseIsEnoughForReadingButNotTheGlobalOnes() {
        assertThat(Grants.missing(List.of("GRANT USAGE ON *.* TO `weak`@`%`", "GRANT SELECT ON `shop`.* TO `weak`@`%`"), "shop"))
                .containsExactly("RELOAD", "SHOW DATABASES", "REPLICATION SLAVE", "REPLICATION CLIENT");
    }

    @Test
    void selectOnAnotherDatabaseDoesNotCount() {
        assertThat(Grants.missing(List.of("GRANT RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO `x`@`%`",
                "GRANT SELECT ON `other`.* TO `x`@`%`"), "shop")).containsExactly("SELECT");
    }
}
