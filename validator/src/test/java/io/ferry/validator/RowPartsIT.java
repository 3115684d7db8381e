package io.ferry.validator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.sandbox.Sandbox;
import io.ferry.validator.sql.RowHash;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where the validator hashes a MariaDB source's rows, MariaDB renders only the fixed columns, sends free text and JSON as
 * stored, and the validator trims date-time fractions as PostgreSQL prints them, hashing each part with its own seed. On
 * real servers: equal rows hash alike under both row hashes (date-times of every precision, latin1 and utf8mb4 text,
 * ENUM, SET, NULL against empty text), and a change in any one part of a row, or two texts swapped between columns, is
 * found with its key.
 */
class RowPartsIT {

    private final Sandbox sandbox = Sandbox.shared();

    @Test
    void equalRowsHashAlikeAndAChangeInAnyPartOfARowIsFound() throws Exception {
        List<String> mariadb = new java.util.ArrayList<>(List.of("SET time_zone = '+00:00'",
                "CREATE TABLE t (id INT PRIMARY KEY, d DATE, dt0 DATETIME, dt3 DATETIME(3), dt6 DATETIME(6), ts TIMESTAMP(6) NULL,"
                        + " amount DECIMAL(10,2), flag TINYINT(1), a VARCHAR(20) CHARACTER SET latin1, b TEXT CHARACTER SET utf8mb4,"
                        + " c CHAR(5), e ENUM('x','y'), st SET('p','q'), j JSON)"));
        List<String> postgres = new java.util.ArrayList<>(List.of("CREATE TYPE app.t_e_enum AS ENUM ('x', 'y')",
                "CREATE TABLE app.t (id integer PRIMARY KEY, d date, dt0 timestamp(0), dt3 timestamp(3), dt6 timestamp(6), ts timestamptz(6),"
                        + " amount numeric(10,2), flag boolean, a varchar(20), b text, c varchar(5), e app.t_e_enum, st text, j jsonb)"));
        for (int i = 1; i <= 12; i++) {
            String dates = i + ", '2024-01-0" + (i % 9 + 1) + "', '2024-01-01 10:00:0" + (i % 10) + "', '2024-01-01 10:00:00." + (i * 10)
                    + "', '2024-01-01 10:00:00." + String.format("%06d", i * 1000) + "'";
            String texts = "'caf\u00e9 " + i + "', '\u4e2d " + i + "', 'ab', 'x', 'p,q'";
            mariadb.add("INSERT INTO t VALUES (" + dates + ", '2024-06-01 00:00:00.5', " + i + ".50, " + (i % 2) + ", " + texts
                    + ", JSON_OBJECT('n', " + i + ", 'a', 1.50))");
            postgres.add("INSERT INTO app.t VALUES (" + dates + ", '2024-06-01 00:00:00.5+00', " + i + ".50, " + (i % 2 == 1) + ", " + texts
                    + ", '{\"a\": 1.50, \"n\": " + i + "}')");
        }
        // NULLs and empty texts, which must not hash alike.
        for (String values : List.of("(13, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '', NULL, NULL, NULL, NULL)",
                "(14, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '', NULL, '', NULL, '', NULL)")) {
            mariadb.add("INSERT INTO t VALUES " + values);
            postgres.add("INSERT INTO app.t VALUES " + values);
        }
        SandboxPair pair = SandboxPair.create(sandbox, "row_parts", mariadb, postgres);
        Side source = pair.source();
        Side target = pair.target();
        ValidatedTable table = pair.table("t");
        try (Connection my = source.open(); Connection pg = target.open()) {
            for (RowHash kind : RowHash.values()) {
                Map<List<String>, String> sourceRows = new RangeReader(source, table, kind).rowHashes(my, KeyRange.ALL);
                assertThat(sourceRows).as(kind.name()).hasSize(14)
                        .isEqualTo(new RangeReader(target, table, kind).rowHashes(pg, KeyRange.ALL));
                assertThat(new RangeReader(source, table, kind).hash(my, KeyRange.ALL)).as(kind.name())
                        .isEqualTo(new RangeReader(target, table, kind).hash(pg, KeyRange.ALL));
            }
        }

        // One change per row, each in another part: fixed (a date, date-times of three precisions, a number, a boolean),
        // free text (latin1, utf8mb4, CHAR, ENUM, SET, NULL against empty), JSON, and two texts swapped between columns.
        try (Connection pg = target.open(); Statement s = pg.createStatement()) {
            s.execute("UPDATE app.t SET d = d + 1 WHERE id = 1");
            s.execute("UPDATE app.t SET dt0 = dt0 + interval '1 second' WHERE id = 2");
            s.execute("UPDATE app.t SET dt3 = dt3 + interval '1 millisecond' WHERE id = 3");
            s.execute("UPDATE app.t SET dt6 = dt6 + interval '1 microsecond' WHERE id = 4");
            s.execute("UPDATE app.t SET ts = ts + interval '1 microsecond' WHERE id = 5");
            s.execute("UPDATE app.t SET amount = -amount WHERE id = 6");
            s.execute("UPDATE app.t SET flag = NOT flag WHERE id = 7");
            s.execute("UPDATE app.t SET a = 'cafe 8' WHERE id = 8");
            s.execute("UPDATE app.t SET e = 'y' WHERE id = 9");
            s.execute("UPDATE app.t SET j = '{\"a\": 1.5, \"n\": 10}' WHERE id = 10");
            s.execute("UPDATE app.t SET st = 'p' WHERE id = 11");
            s.execute("UPDATE app.t SET a = b, b = a WHERE id = 12");
            s.execute("UPDATE app.t SET b = NULL WHERE id = 13");
            s.execute("UPDATE app.t SET c = NULL WHERE id = 14");
        }
        for (RowHash kind : RowHash.values()) {
            try (Connection my = source.open(); Connection pg = target.open()) {
                Map<List<String>, String> sourceRows = new RangeReader(source, table, kind).rowHashes(my, KeyRange.ALL);
                Map<List<String>, String> targetRows = new RangeReader(target, table, kind).rowHashes(pg, KeyRange.ALL);
                assertThat(sourceRows.keySet()).isEqualTo(targetRows.keySet());
                assertThat(sourceRows.keySet()).as(kind.name()).allSatisfy(key ->
                        assertThat(sourceRows.get(key)).as("%s row %s", kind, key).isNotEqualTo(targetRows.get(key)));
            }
        }
        ValidationReport report;
        try (Validator v = new Validator(source, target, ValidationOptions.DEFAULTS, null)) {
            report = v.run(List.of(table));
        }
        assertThat(report.tables().get(0).differences()).extracting(d -> d.key().get(0))
                .containsExactlyInAnyOrder("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14");
    }
}
