package io.ferry.orchestrator.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ForeignKeyActionsTest {

    /** As MariaDB 10.11 prints it; a name may contain a backtick and the words of an action. */
    private static final String CREATE = """
            CREATE TABLE `c``2` (
              `id` int(11) NOT NULL,
              `a` int(11) DEFAULT NULL,
              `b` int(11) DEFAULT NULL,
              `pid` int(11) DEFAULT NULL,
              PRIMARY KEY (`id`),
              KEY `f``k on delete` (`a`,`b`),
              KEY `x2` (`pid`),
              CONSTRAINT `f``k on delete` FOREIGN KEY (`a`, `b`) REFERENCES `p2` (`a`, `b`) ON DELETE SET NULL ON UPDATE NO ACTION,
              CONSTRAINT `r` FOREIGN KEY (`pid`) REFERENCES `ON DELETE CASCADE` (`id`) ON UPDATE CASCADE,
              CONSTRAINT `x2` FOREIGN KEY (`pid`) REFERENCES `o`.`e` (`id`),
              CONSTRAINT `positive` CHECK (`a` > 0)
            ) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci""";

    @Test
    void actionsAreReadPerConstraintAndAnOmittedActionIsInnoDbsRestrict() {
        assertThat(ForeignKeyActions.parse(CREATE)).containsExactly(
                java.util.Map.entry("f`k on delete", new ForeignKeyActions.Actions("NO ACTION", "SET NULL")),
                java.util.Map.entry("r", new ForeignKeyActions.Actions("CASCADE", "RESTRICT")),
                java.util.Map.entry("x2", new ForeignKeyActions.Actions("RESTRICT", "RESTRICT")));
    }
}
