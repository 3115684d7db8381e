package io.ferry.apply.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.core.schema.TableId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresTargetDialectTest {

    private static final TargetDialect D = TargetDialects.of(io.ferry.core.config.TargetKind.POSTGRESQL);

    private static TargetTable orderLines() {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("order_id", "bigint");
        types.put("line_no", "integer");
        types.put("qty", "integer");
        types.put("price", "numeric(12,2)");
        types.put("note", "text");
        types.put("photo", "bytea");
        return new TargetTable(TableId.of("shop", "order_lines"), types, List.of("order_id", "line_no"));
    }

    @Test
    void upsertWithCompositeKeyInsertsAllColumnsAndUpdatesOnlyNonKeyColumns() {
        String sql = D.upsert(orderLines(), List.of("order_id", "line_no", "qty", "price", "note", "photo"));

        assertThat(sql).isEqualTo("INSERT INTO \"shop\".\"order_lines\" (\"order_id\", \"line_no\", \"qty\", \"price\", \"note\", \"photo\") "
                + "VALUES (CAST(? AS bigint), CAST(? AS integer), CAST(? AS integer), CAST(? AS numeric(12,2)), ?, decode(?, 'base64')) "
                + "ON CONFLICT (\"order_id\", \"line_no\") DO UPDATE SET "
                + "\"qty\" = EXCLUDED.\"qty\", \"price\" = EXCLUDED.\"price\", \"note\" = EXCLUDED.\"note\", \"photo\" = EXCLUDED.\"photo\"");
    }

    @Test
    void upsertFollowsTheGivenColumnOrder() {
        String sql = D.upsert(orderLines(), List.of("note", "line_no", "order_id"));

        assertThat(sql).isEqualTo("INSERT INTO \"shop\".\"order_lines\" (\"note\", \"line_no\", \"order_id\") "
                + "VALUES (?, CAST(? AS integer), CAST(? AS bigint)) "
                + "ON CONFLICT (\"order_id\", \"line_no\") DO UPDATE SET \"note\" = EXCLUDED.\"note\"");
    }

    @Test
    void upsertOfOnlyKeyColumnsDoesNothingOnConflict() {
        String sql = D.upsert(orderLines(), List.of("order_id", "line_no"));

        assertThat(sql).isEqualTo("INSERT INTO \"shop\".\"order_lines\" (\"order_id\", \"line_no\") "
                + "VALUES (CAST(? AS bigint), CAST(? AS integer)) ON CONFLICT (\"order_id\", \"line_no\") DO NOTHING");
    }

    @Test
    void deleteMatchesEveryKeyColumnWithItsCast() {
        assertThat(D.delete(orderLines())).isEqualTo(
                "DELETE FROM \"shop\".\"order_lines\" WHERE \"order_id\" = CAST(? AS bigint) AND \"line_no\" = CAST(? AS integer)");
    }

    @Test
    void deleteOfABinaryKeyDecodesBase64() {
        TargetTable t = new TargetTable(TableId.of("s", "blobs"), Map.of("digest", "bytea", "v", "text"), List.of("digest"));

        assertThat(D.delete(t)).isEqualTo("DELETE FROM \"s\".\"blobs\" WHERE \"digest\" = decode(?, 'base64')");
    }

    @Test
    void byteaIsBoundAsBase64Decoded() {
        assertThat(D.bind("bytea")).isEqualTo("decode(?, 'base64')");
        assertThat(D.bind("BYTEA")).isEqualTo("decode(?, 'base64')");
    }

    @Test
    void textTypesAreBoundWithoutACast() {
        assertThat(D.bind("text")).isEqualTo("?");
        assertThat(D.bind("character varying(255)")).isEqualTo("?");
        assertThat(D.bind("character varying")).isEqualTo("?");
        assertThat(D.bind("character(3)")).isEqualTo("?");
    }

    @Test
    void otherTypesAreBoundWithACastToTheirExactType() {
        assertThat(D.bind("numeric(12,2)")).isEqualTo("CAST(? AS numeric(12,2))");
        assertThat(D.bind("bigint")).isEqualTo("CAST(? AS bigint)");
        assertThat(D.bind("timestamp(3) without time zone")).isEqualTo("CAST(? AS timestamp(3) without time zone)");
        assertThat(D.bind("jsonb")).isEqualTo("CAST(? AS jsonb)");
        assertThat(D.bind("boolean")).isEqualTo("CAST(? AS boolean)");
    }

    @Test
    void quotesPlainIdentifiers() {
        assertThat(D.quote("orders")).isEqualTo("\"orders\"");
    }

    @Test
    void quotingKeepsReservedWordsMixedCaseAndSpacesAsIdentifiers() {
        assertThat(D.quote("order")).isEqualTo("\"order\"");
        assertThat(D.quote("select")).isEqualTo("\"select\"");
        assertThat(D.quote("OrderLines")).isEqualTo("\"OrderLines\"");
        assertThat(D.quote("unit price")).isEqualTo("\"unit price\"");
        assertThat(D.quote("größe")).isEqualTo("\"größe\"");
    }

    @Test
    void quotingDoublesEmbeddedDoubleQuotesSoTheIdentifierCannotBeClosedEarly() {
        assertThat(D.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(D.quote("\"")).isEqualTo("\"\"\"\"");
        assertThat(D.quote("x\"; DROP TABLE users; --"))
                .isEqualTo("\"x\"\"; DROP TABLE users; --\"");
    }

    @Test
    void quotingKeepsSemicolonsInsideTheIdentifier() {
        assertThat(D.quote("a;b")).isEqualTo("\"a;b\"");
    }

    @Test
    void quotingRejectsNulCharacters() {
        assertThatThrownBy(() -> D.quote("bad\0name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL")
                .hasMessageContaining("bad?name");
    }

    @Test
    void hostileTableAndColumnNamesAreQuotedInEveryStatement() {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("Id", "integer");
        types.put("order", "text");
        types.put("a\"b", "integer");
        TargetTable t = new TargetTable(TableId.of("My Schema", "x\"; DROP TABLE y; --"), types, List.of("Id"));

        assertThat(D.qualified(t.id())).isEqualTo("\"My Schema\".\"x\"\"; DROP TABLE y; --\"");
        assertThat(D.upsert(t, List.of("Id", "order", "a\"b"))).isEqualTo(
                "INSERT INTO \"My Schema\".\"x\"\"; DROP TABLE y; --\" (\"Id\", \"order\", \"a\"\"b\") "
                        + "VALUES (CAST(? AS integer), ?, CAST(? AS integer)) ON CONFLICT (\"Id\") DO UPDATE SET "
                        + "\"order\" = EXCLUDED.\"order\", \"a\"\"b\" = EXCLUDED.\"a\"\"b\"");
        assertThat(D.delete(t)).isEqualTo(
                "DELETE FROM \"My Schema\".\"x\"\"; DROP TABLE y; --\" WHERE \"Id\" = CAST(? AS integer)");
    }

    @Test
    void fixedWidthBitsArePaddedBackToTheirWidthAndSetArraysSplitOnCommas() {
        assertThat(D.bind("bit(12)")).isEqualTo("CAST(lpad(?, 12, '0') AS bit(12))");
        assertThat(D.bind("bit varying(8)")).isEqualTo("CAST(? AS bit varying(8))");
        assertThat(D.bind("text[]")).isEqualTo("CAST(string_to_array(?, ',') AS text[])");
        assertThat(D.bind("character varying(10)[]")).isEqualTo("CAST(string_to_array(?, ',') AS character varying(10)[])");
    }

    @Test
    void generatedColumnsAreLeftOutOfUpserts() {
        TargetTable t = new TargetTable(io.ferry.core.schema.TableId.of("app", "lines"),
                java.util.Map.of("id", "integer", "qty", "integer", "total", "numeric(12,2)"), java.util.List.of("id"),
                java.util.Set.of("total"));
        assertThat(t.writable(java.util.List.of("id", "qty", "total"))).containsExactly("id", "qty");
    }

    @Test
    void holdsTheCoordinatorsMigrationRecordWithFencedUpdates() {
        MigrationBookkeeping m = D.migrationBookkeeping().orElseThrow();
        assertThat(m.updatePhase(false)).isEqualTo(
                "UPDATE ferry.migrations SET phase = ?, updated_at = clock_timestamp() WHERE name = ? AND epoch = ?");
        assertThat(m.updatePhase(true)).isEqualTo("UPDATE ferry.migrations SET phase = ?, route_side = ?, "
                + "route_version = route_version + 1, updated_at = clock_timestamp() WHERE name = ? AND epoch = ?");
        assertThat(m.raiseEpoch()).endsWith("WHERE name = ? RETURNING epoch, phase");
        assertThat(m.isMissingTable(new java.sql.SQLException("no table", "42P01"))).isTrue();
        assertThat(m.isMissingTable(new java.sql.SQLException("gone", "08006"))).isFalse();
    }
}
