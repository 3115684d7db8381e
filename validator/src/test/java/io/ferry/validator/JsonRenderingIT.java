package io.ferry.validator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.sandbox.Sandbox;
import io.ferry.validator.sql.RowHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MySQL has no function that prints a JSON value as PostgreSQL's jsonb does, so the validator renders a MariaDB JSON
 * column itself ({@link io.ferry.validator.sql.JsonbText}) while PostgreSQL renders its jsonb in SQL. On real servers
 * the two must hash the same documents alike (else every segment would be compared row by row), and a changed
 * document must still be found with its key and column.
 */
class JsonRenderingIT {

    private static final List<String> DOCS = List.of("{}", "[]",
            "{\"big\": 12345678901234567890123, \"d\": 1.50, \"u\": \"\u00e9\u4e2d\ud83d\ude00\"}",
            "[1, \"\u00e9\", null, {\"b\": 2, \"a\": 1}]",
            "{\"b\":1,\"a\":2,\"aa\":{\"z\":null,\"y\":true},\"a\":3}",
            "1e2", "-0.0", "\"x\\u00e9/\\n\\t\\u0001\\\\\\\"\"", "{\"\u00e9\":1,\"z\":2,\"zz\":3,\"\u4e2d\":4}",
            "[1e-20, 123456789.123456789e5, 0.000, 100, -5.5]", "  { \"k\" : [ true , false , null ] }  ");

    private final Sandbox sandbox = Sandbox.shared();

    @Test
    void mariadbJsonRenderedByTheValidatorHashesAsPostgresJsonbRenderedInSql() throws Exception {
        SandboxPair pair = SandboxPair.create(sandbox, "json_render", List.of("CREATE TABLE docs (id INT PRIMARY KEY, label VARCHAR(10), j JSON)"),
                List.of("CREATE TABLE app.docs (id integer PRIMARY KEY, label varchar(10), j jsonb)"));
        try (Connection my = sandbox.mariadb().connect("json_render"); Connection pg = sandbox.postgres().connect("json_render");
             PreparedStatement mi = my.prepareStatement("INSERT INTO docs VALUES (?, ?, ?)");
             PreparedStatement pi = pg.prepareStatement("INSERT INTO app.docs VALUES (?, ?, ?::jsonb)")) {
            for (int i = 0; i <= DOCS.size(); i++) {
                for (PreparedStatement ps : List.of(mi, pi)) {
                    ps.setInt(1, i + 1);
                    ps.setString(2, "r" + i);
                    ps.setString(3, i < DOCS.size() ? DOCS.get(i) : null);
                    ps.executeUpdate();
                }
            }
        }
        Side source = pair.source();
        Side target = pair.target();
        ValidatedTable table = pair.table("docs");
        try (Connection my = source.open(); Connection pg = target.open()) {
            // Both row hashes: lookup3 (the validator's lookup3 against hashtextextended in SQL) and MD5 (the fallback).
            assertThat(RangeReader.computesLookup3(pg)).isTrue();
            assertThat(RangeReader.rowHash(source, () -> false, () -> true)).isEqualTo(RowHash.LOOKUP3);
            assertThat(RangeReader.rowHash(source, () -> false, () -> false)).isEqualTo(RowHash.MD5);
            for (RowHash kind : RowHash.values()) {
                SegmentHash s = new RangeReader(source, table, kind).hash(my, KeyRange.ALL);
                SegmentHash t = new RangeReader(target, table, kind).hash(pg, KeyRange.ALL);
                assertThat(s.rows()).isEqualTo(DOCS.size() + 1);
                assertThat(s).as(kind.name()).isEqualTo(t);
                RangeReader.Hashed sourceHashed = new RangeReader(source, table, kind).hashKeepingRows(my, KeyRange.ALL, 100, true);
                RangeReader.Hashed targetHashed = new RangeReader(target, table, kind).hashKeepingRows(pg, KeyRange.ALL, 100, true);
                assertThat(sourceHashed.hash()).isEqualTo(t).isEqualTo(targetHashed.hash());
                if (kind == RowHash.LOOKUP3) {
                    // The key buckets: the validator's lookup3 of the key's text lands each row in PostgreSQL's bucket.
                    assertThat(sourceHashed.buckets().differing(targetHashed.buckets())).isEmpty();
                }
                var kept = sourceHashed.rows().byKey();
                var sourceRows = new RangeReader(source, table, kind).rowHashes(my, KeyRange.ALL);
                assertThat(sourceRows).as(kind.name()).isEqualTo(new RangeReader(target, table, kind).rowHashes(pg, KeyRange.ALL)).isEqualTo(kept);
                assertThat(sourceRows.values()).allSatisfy(h -> assertThat(h).hasSize(kind.hexDigits()));
            }
        }

        // The same document on another row, and a changed one: both found, by key and column.
        try (Connection pg = target.open(); Statement s = pg.createStatement()) {
            s.execute("UPDATE app.docs SET j = (SELECT j FROM app.docs WHERE id = 4) WHERE id = 3");
            s.execute("UPDATE app.docs SET j = '{\"d\": 1.5}' WHERE id = 5");
        }
        ValidationReport report;
        try (Validator v = new Validator(source, target, ValidationOptions.DEFAULTS, null)) {
            report = v.run(List.of(table));
        }
        assertThat(report.tables().get(0).differences()).extracting(d -> d.key().get(0), d -> d.columns().get(0).column())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("3", "j"), org.assertj.core.groups.Tuple.tuple("5", "j"));
    }

    @Test
    void randomDocumentsHashAlikeOnBothSides() throws Exception {
        java.util.Random random = new java.util.Random(30112026);
        SandboxPair pair = SandboxPair.create(sandbox, "json_random", List.of("CREATE TABLE docs (id INT PRIMARY KEY, j JSON, k JSON)"),
                List.of("CREATE TABLE app.docs (id integer PRIMARY KEY, j jsonb, k jsonb)"));
        try (Connection my = sandbox.mariadb().connect("json_random"); Connection pg = sandbox.postgres().connect("json_random");
             PreparedStatement mi = my.prepareStatement("INSERT INTO docs VALUES (?, ?, ?)");
             PreparedStatement pi = pg.prepareStatement("INSERT INTO app.docs VALUES (?, ?::jsonb, ?::jsonb)")) {
            for (int i = 0; i < 2000; i++) {
                String j = io.ferry.validator.sql.RandomJson.document(random);
                String k = i % 7 == 0 ? null : io.ferry.validator.sql.RandomJson.document(random);
                for (PreparedStatement ps : List.of(mi, pi)) {
                    ps.setInt(1, i);
                    ps.setString(2, j);
                    ps.setString(3, k);
                    ps.addBatch();
                }
            }
            mi.executeBatch();
            pi.executeBatch();
        }
        Side source = pair.source();
        Side target = pair.target();
        ValidatedTable table = pair.table("docs");
        try (Connection my = source.open(); Connection pg = target.open()) {
            for (RowHash kind : RowHash.values()) {
                var s = new RangeReader(source, table, kind).rowHashes(my, KeyRange.ALL);
                var t = new RangeReader(target, table, kind).rowHashes(pg, KeyRange.ALL);
                assertThat(s).as(kind.name()).hasSize(2000);
                assertThat(s.entrySet()).as(kind.name()).allSatisfy(e -> assertThat(e.getValue()).as("row " + e.getKey()).isEqualTo(t.get(e.getKey())));
            }
        }
    }
}
