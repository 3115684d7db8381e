package io.ferry.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.ferry.sandbox.Sandbox;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Under the error policy the hash SQL prints a MySQL zero or invalid date as MySQL does, without a test per row: no
 * PostgreSQL date prints so, whether the target holds NULL, a real date or the date that a policy would have made.
 */
class ZeroDateRenderingIT {

    private final Sandbox sandbox = Sandbox.shared();

    @Test
    void aZeroDateUnderTheErrorPolicyDiffersFromAnyTargetValue() throws Exception {
        SandboxPair pair = SandboxPair.create(sandbox, "zero_render", List.of("SET SESSION sql_mode = ''",
                "CREATE TABLE days (id INT PRIMARY KEY, d DATE, dt DATETIME(3))",
                "INSERT INTO days VALUES (1, '0000-00-00', '2024-01-01 00:00:00'), (2, '2024-00-15', '2024-01-01 00:00:00'),"
                        + " (3, '2024-05-06', '0000-00-00 00:00:00'), (4, '2024-05-06', '2024-01-01 00:00:00.5')"),
                List.of("CREATE TABLE app.days (id integer PRIMARY KEY, d date, dt timestamp(3))",
                        "INSERT INTO app.days VALUES (1, NULL, '2024-01-01 00:00:00'), (2, '2024-01-15', '2024-01-01 00:00:00'),"
                                + " (3, '2024-05-06', '0001-01-01 00:00:00'), (4, '2024-05-06', '2024-01-01 00:00:00.5')"));
        Side source = pair.source();
        Side target = pair.target();
        ValidatedTable table = pair.table("days");
        ValidationReport report;
        try (Validator v = new Validator(source, target, ValidationOptions.DEFAULTS, null)) {
            report = v.run(List.of(table));
        }
        assertThat(report.tables().get(0).differences()).extracting(d -> d.key().get(0), d -> d.columns().get(0).column())
                .containsExactly(tuple("1", "d"), tuple("2", "d"), tuple("3", "dt"));
    }
}
