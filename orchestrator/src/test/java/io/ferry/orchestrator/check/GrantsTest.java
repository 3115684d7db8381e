package io.ferry.orchestrator.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Privileges read from SHOW GRANTS lines as MariaDB and MySQL print them. */
class GrantsTest {

    private static final List<String> READ_ONLY_SWITCH = List.of("READ_ONLY ADMIN", "SUPER", "ALL PRIVILEGES");

    @Test
    void fullCaptureGrantLacksNothing() {
        assertThat(Grants.parse(List.of("GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR, LOCK TABLES ON *.* TO `ferry`@`%`"))
                .missingForCapture("shop")).isEmpty();
        assertThat(Grants.parse(List.of("GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION")).missingForCapture("shop")).isEmpty();
    }

    @Test
    void selectOnTheDatabaseIsEnoughForReadingButNotTheGlobalOnes() {
        assertThat(Grants.parse(List.of("GRANT USAGE ON *.* TO `weak`@`%`", "GRANT SELECT ON `shop`.* TO `weak`@`%`")).missingForCapture("shop"))
                .containsExactly("RELOAD", "SHOW DATABASES", "REPLICATION SLAVE", "REPLICATION CLIENT");
    }

    @Test
    void selectOnAnotherDatabaseDoesNotCount() {
        assertThat(Grants.parse(List.of("GRANT RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO `x`@`%`",
                "GRANT SELECT ON `other`.* TO `x`@`%`")).missingForCapture("shop")).containsExactly("SELECT");
    }

    @Test
    void theDocumentedCaptureAccountMayNotFlipTheReadOnlySwitch() {
        Grants g = Grants.parse(List.of(
                "GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `ferry`@`%` IDENTIFIED BY PASSWORD '*F74B7A09'",
                "GRANT ALL PRIVILEGES ON `shop`.* TO `ferry`@`%`"));

        assertThat(g.missingForCapture("shop")).isEmpty();
        assertThat(g.holdsAnyGlobally(READ_ONLY_SWITCH)).as("ALL PRIVILEGES on one database is not global").isFalse();
        assertThat(g.hasRoles()).isFalse();
        assertThat(g.global()).noneMatch(p -> p.contains("F74B7A09"));
    }

    @Test
    void globalAllPrivilegesReadOnlyAdminAndMySqlsDynamicPrivilegesCount() {
        assertThat(Grants.parse(List.of("GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION")).holdsAnyGlobally(READ_ONLY_SWITCH))
                .isTrue();
        assertThat(Grants.parse(List.of("GRANT RELOAD, READ_ONLY ADMIN ON *.* TO `ferry`@`%`")).holdsAnyGlobally(READ_ONLY_SWITCH)).isTrue();
        Grants mysql = Grants.parse(List.of("GRANT SELECT, RELOAD ON *.* TO `ferry`@`%`",
                "GRANT REPLICATION_SLAVE_ADMIN,SYSTEM_VARIABLES_ADMIN ON *.* TO `ferry`@`%`"));
        assertThat(mysql.holdsAnyGlobally(List.of("SYSTEM_VARIABLES_ADMIN", "SUPER"))).isTrue();
        assertThat(mysql.holdsAnyGlobally(READ_ONLY_SWITCH)).isFalse();
    }

    @Test
    void aGrantedRoleIsSeenSoThatItsUnseenPrivilegesAreNotDenied() {
        Grants g = Grants.parse(List.of("GRANT `dba` TO `ferry`@`%`", "GRANT USAGE ON *.* TO `ferry`@`%`"));

        assertThat(g.hasRoles()).isTrue();
        assertThat(g.global()).containsExactly("USAGE");
        assertThat(Grants.parse(List.of("GRANT 'dba'@'%' TO 'ferry'@'%'")).hasRoles()).isTrue();
        assertThat(Grants.parse(List.of("GRANT SELECT ON `shop`.* TO `ferry`@`%`")).hasRoles()).isFalse();
    }
}
