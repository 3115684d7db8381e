package io.ferry.validator.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Values PostgreSQL 15 computes in SQL for the same rows (its jsonb text of the documents), as the comments give them. */
class RowTextHashTest {

    /** No date-time among the fixed parts. */
    private static final int NO_DATE_TIMES = 0;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void lookup3HashesEachPartWithItsSeedAndMd5TheRowTextWithTheLastJsonColumnWithoutLengthPrefix() {
        RowTextHash lookup3 = new RowTextHash(RowHash.LOOKUP3, NO_DATE_TIMES);
        // hashtextextended('7', 0) # hashtextextended('abc', 1) # hashtextextended('{"b":[1,2], "aa": 1}'::jsonb::text, 2)
        lookup3.hash(utf8("7"), new byte[][] {utf8("abc")}, new byte[][] {utf8("{\"b\":[1,2], \"aa\": 1}")});
        assertThat(lookup3.high()).isEqualTo(-6204585299454263038L);
        assertThat(lookup3.low()).isZero();
        RowTextHash md5 = new RowTextHash(RowHash.MD5, NO_DATE_TIMES);
        // md5('7|3:abc|' || '{"b":[1,2], "aa": 1}'::jsonb::text)
        md5.hash(utf8("7"), new byte[][] {utf8("abc")}, new byte[][] {utf8("{\"b\":[1,2], \"aa\": 1}")});
        assertThat(RowHash.MD5.hex(md5.high(), md5.low())).isEqualTo("cc1814d884231eef2ab3dc63c2356154");
    }

    @Test
    void md5LengthPrefixesEarlierJsonColumnsInBytesAndNullIsN() {
        RowTextHash h = new RowTextHash(RowHash.MD5, NO_DATE_TIMES);
        // md5('7|' || octet_length(d) || ':' || d || '|N') with d = '{"x": "é"}'::jsonb::text (Jackson's path: an escape)
        h.hash(utf8("7"), new byte[0][], new byte[][] {utf8("{\"x\":\"\\u00e9\"}"), null});
        assertThat(RowHash.MD5.hex(h.high(), h.low())).isEqualTo("d1cff3ac11ff72ce9b6e55ca9c8114d8");
        RowTextHash lookup3 = new RowTextHash(RowHash.LOOKUP3, NO_DATE_TIMES);
        // hashtextextended('7', 0) # hashtextextended(d, 1); a NULL adds nothing
        lookup3.hash(utf8("7"), new byte[0][], new byte[][] {utf8("{\"x\":\"\\u00e9\"}"), null});
        assertThat(lookup3.high()).isEqualTo(2773910782034411662L);
    }

    @Test
    void aRowWithoutFixedPartsHashesItsFreeTextsAndDocumentsWithTheirSeeds() {
        RowTextHash h = new RowTextHash(RowHash.LOOKUP3, 0);
        // hashtextextended('héllo', 1) # hashtextextended('{"a":1}'::jsonb::text, 3): the NULL text at seed 2 adds nothing
        h.hash(null, new byte[][] {utf8("héllo"), null}, new byte[][] {utf8("{\"a\":1}")});
        assertThat(h.high()).isEqualTo(-3517856268856510644L);
    }

    @Test
    void dateTimesInTheFixedTextLoseTheTrailingZerosOfTheirFractionAsPostgresPrintsThem() {
        RowTextHash h = new RowTextHash(RowHash.LOOKUP3, 3);
        // hashtextextended('5|' || '2024-01-01 00:00:01.00099'::timestamp::text || '|' || '2024-01-01'::timestamp::text
        //     || '|' || ('2024-01-01 10:00:00.5+00'::timestamptz AT TIME ZONE 'UTC')::text, 0)
        h.hash(utf8("5|2024-01-01 00:00:01.000990|2024-01-01 00:00:00.000000|2024-01-01 10:00:00.500000"), new byte[0][], new byte[0][]);
        assertThat(h.high()).isEqualTo(6079285675021551328L);
        // Only the last part trimmed, and a NULL date-time, keep the others as they are.
        RowTextHash some = new RowTextHash(RowHash.LOOKUP3, 2);
        some.hash(utf8("5|N|2024-01-01 00:00:00.100000"), new byte[0][], new byte[0][]);
        assertThat(some.high()).isEqualTo(Lookup3.of(utf8("5|N|2024-01-01 00:00:00.1"), 0, 25, 0));
        // The same fixed text built from its columns: SQL's texts, numbers as stored, TINYINT(1) as true and false.
        RowTextHash built = new RowTextHash(RowHash.LOOKUP3, 2);
        built.startFixed();
        built.fixedStored("5", HashSql.FixedRead.NUMBER);
        built.fixedText(null);
        built.fixedText(utf8("2024-01-01 00:00:00.100000"));
        built.hash(new byte[0][], new byte[0][]);
        assertThat(built.high()).isEqualTo(some.high());
        built.startFixed();
        built.fixedStored("1", HashSql.FixedRead.TINYINT_BOOLEAN);
        built.fixedStored("0", HashSql.FixedRead.TINYINT_BOOLEAN);
        built.fixedStored("2", HashSql.FixedRead.TINYINT_BOOLEAN);
        built.fixedStored(null, HashSql.FixedRead.TINYINT_BOOLEAN);
        built.fixedText(utf8("N"));
        built.hash(new byte[0][], new byte[0][]);
        assertThat(built.high()).isEqualTo(Lookup3.of(utf8("true|false|2|N|N"), 0, 16, 0));
        // A number is not a date-time: its zeros stay.
        RowTextHash number = new RowTextHash(RowHash.LOOKUP3, 0);
        number.hash(utf8("1.50"), new byte[0][], new byte[0][]);
        assertThat(number.high()).isEqualTo(Lookup3.of(utf8("1.50"), 0, 4, 0));
    }
}
