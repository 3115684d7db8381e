package io.ferry.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Global privileges read from SHOW GRANTS lines as MariaDB and MySQL print them. */
class GlobalGrantsTest {

    private static final List<String> READ_ONLY = List.of("SUPER", "READ_ONLY ADMIN", "ALL PRIVILEGES");

    @Test
    void mariadbsCaptureAccountWithoutReadOnlyAdminMayNotFlipTheSwitch() {
        GlobalGrants g = GlobalGrants.parse(List.of(
                "GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `ferry`@`%` IDENTIFIED BY PASSWORD '*F74B7A09'",
                "GRANT ALL PRIVILEGES ON `shop`.* TO `ferry`@`%`"));

        assertThat(g.privileges()).containsExactlyInAnyOrder("SELECT", "RELOAD", "SHOW DATABASES", "REPLICATION SLAVE", "BINLOG MONITOR");
        assertThat(g.holdsAny(READ_ONLY)).as("ALL PRIVILEGES on one database is not global").isFalse();
        assertThat(g.hasRoles()).isFalse();
        assertThat(g.privileges()).noneMatch(p -> p.contains("F74B7A09"));
    }

    @Test
    void globalAllPrivilegesReadOnlyAdminAndMySqlsDynamicPrivilegesCount() {
        assertThat(GlobalGrants.parse(List.of("GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION")).holdsAny(READ_ONLY)).isTrue();
        assertThat(GlobalGrants.parse(List.of("GRANT RELOAD, READ_ONLY ADMIN ON *.* TO `ferry`@`%`")).holdsAny(READ_ONLY)).isTrue();
        GlobalGrants mysql = GlobalGrants.parse(List.of("GRANT SELECT, RELOAD ON *.* TO `ferry`@`%`",
                "GRANT REPLICATION_SLAVE_ADMIN,SYSTEM_VARIABLES_ADMIN ON *.* TO `ferry`@`%`"));
        assertThat(mysql.holdsAny(List.of("SUPER", "SYSTEM_VARIABLES_ADMIN"))).isTrue();
        assertThat(mysql.holdsAny(READ_ONLY)).isFalse();
    }

    @Test
    void aGrantedRoleIsSeenSoThatItsUnseenPrivilegesAreNotDenied() {
        GlobalGrants g = GlobalGrants.parse(List.of("GRANT `dba` TO `ferry`@`%`", "GRANT USAGE ON *.* TO `ferry`@`%`"));

        assertThat(g.hasRoles()).isTrue();
        assertThat(g.privileges()).containsExactly("USAGE");
        assertThat(GlobalGrants.parse(List.of("GRANT 'dba'@'%' TO 'ferry'@'%'")).hasRoles()).isTrue();
    }
}
