package io.ferry.validator.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.config.TypesConfig.ZeroDateRule;
import io.ferry.core.config.ZeroDatePolicy;
import io.ferry.core.schema.TableId;
import io.ferry.core.value.LogicalType;
import io.ferry.core.value.jdbc.Engine;
import io.ferry.validator.KeyRange;
import io.ferry.validator.Side;
import io.ferry.validator.ValidatedColumn;
import io.ferry.validator.ValidatedTable;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentSqlTest {

    private static final ZeroDateRule ERROR = new ZeroDateRule(ZeroDatePolicy.ERROR, null);

    private static ValidatedColumn col(String name, LogicalType type, String pgType) {
        return new ValidatedColumn(name, name, type, pgType, List.of(), ERROR);
    }

    private static final ValidatedTable PAIRS = new ValidatedTable(TableId.of("db", "pairs"), TableId.of("app", "pairs"),
            List.of(col("a", LogicalType.INTEGER, "integer"), new ValidatedColumn("b", "b", LogicalType.STRING, "character varying(10)", List.of(), ERROR,
                    "varchar(10)"),
                    col("j", LogicalType.JSON, "jsonb")), List.of(0, 1));

    @Test
    void postgresSamplesOneKeyPerSampledBlockInKeyOrderAndMysqlDoesNotSampleByBlock() {
        SegmentSql pg = new SegmentSql(HashSql.of(Engine.POSTGRESQL, Side.Role.TARGET), PAIRS);
        assertThat(pg.dialect().samplesBlocks()).isTrue();
        assertThat(pg.blockSample(12.5).sql()).isEqualTo("SELECT \"a\", \"b\" FROM (SELECT DISTINCT ON ((ctid::text::point)[0]) \"a\", \"b\""
                + " FROM \"app\".\"pairs\" TABLESAMPLE SYSTEM (12.5) ORDER BY (ctid::text::point)[0]) s ORDER BY \"a\", \"b\" COLLATE \"C\"");
        assertThat(pg.blockSample(250).sql()).contains("TABLESAMPLE SYSTEM (100.0)");
        assertThat(HashSql.of(Engine.MYSQL, Side.Role.SOURCE).samplesBlocks()).isFalse();
    }

    @Test
    void aCompositeRangeIsNestedComparisonsWithEveryValueBoundInOrder() {
        SegmentSql sql = new SegmentSql(HashSql.of(Engine.MYSQL, Side.Role.SOURCE), PAIRS);
        SegmentSql.Query q = sql.where(new KeyRange(List.of("1", "k9"), List.of("2", "K1")));
        assertThat(q.sql()).isEqualTo(" WHERE (`a` >= ? AND (`a` > ? OR (BINARY `b` >= BINARY ?)))"
                + " AND (`a` <= ? AND (`a` < ? OR (BINARY `b` < BINARY ?)))");
        assertThat(q.paramValues()).containsExactly("1", "1", "k9", "2", "2", "K1");
        assertThat(q.paramColumns()).extracting(ValidatedColumn::targetName).containsExactly("a", "a", "b", "a", "a", "b");
    }

    @Test
    void postgresOrdersTextByBytesAndCastsKeyValuesToTheColumnsType() {
        SegmentSql sql = new SegmentSql(HashSql.of(Engine.POSTGRESQL, Side.Role.TARGET), PAIRS);
        SegmentSql.Query q = sql.where(new KeyRange(null, List.of("2", "K1")));
        assertThat(q.sql()).isEqualTo(" WHERE (\"a\" <= CAST(? AS integer) AND (\"a\" < CAST(? AS integer)"
                + " OR (\"b\" COLLATE \"C\" < CAST(? AS text) COLLATE \"C\")))");
        assertThat(sql.where(KeyRange.ALL).sql()).isEmpty();
    }

    @Test
    void jsonIsHashedLastInTheRowTextInPostgresSqlAndLeftToTheValidatorOnMysqlAndFreeTextIsLengthPrefixed() {
        SegmentSql my = new SegmentSql(HashSql.of(Engine.MYSQL, Side.Role.SOURCE), PAIRS);
        assertThat(my.jsonPartInDatabase()).isFalse();
        // The fixed parts rendered in SQL, the VARCHAR and the JSON as stored: the validator prefixes and renders them.
        assertThat(my.rowTexts(KeyRange.ALL, false, RowHash.MD5).sql()).isEqualTo("SELECT CAST(`a` AS CHAR), `b`, `j` FROM `db`.`pairs`");
        assertThat(my.layout(false)).satisfies(l -> {
            assertThat(l.leading()).isZero();
            assertThat(l.fixed()).containsExactly(HashSql.FixedRead.TEXT);
            assertThat(l.dateTimes()).isZero();
            assertThat(l.freeText()).isEqualTo(1);
            assertThat(l.json()).isEqualTo(1);
        });
        assertThat(my.rowTexts(KeyRange.ALL, true, RowHash.MD5).sql()).startsWith("SELECT `a`, `b`, CONCAT(IFNULL(CAST(`a` AS CHAR), 'N'), '|', ")
                .endsWith("'N')), CAST(`a` AS CHAR), `b`, `j` FROM `db`.`pairs`");
        assertThat(my.layout(true).leading()).isEqualTo(3);
        SegmentSql pg = new SegmentSql(HashSql.of(Engine.POSTGRESQL, Side.Role.TARGET), PAIRS);
        assertThat(pg.jsonPartInDatabase()).isTrue();
        assertThat(pg.hash(KeyRange.ALL).sql()).contains("::bit(60)::bigint")
                .contains("(SELECT md5(coalesce(\"a\"::text, 'N') || '|' || coalesce(octet_length(\"b\"::text)::text || ':' || \"b\"::text, 'N')"
                        + " || '|' || coalesce(\"j\"::text, 'N')) AS h FROM");
        assertThat(pg.rowHashes(KeyRange.ALL).sql()).contains(", md5(coalesce(\"a\"::text, 'N') || '|' || ");
        // lookup3 over the text's bytes, per bucket of keys, and a row comparison of some buckets only.
        assertThat(pg.bucketHashes(KeyRange.ALL).sql()).startsWith("SELECT b, COUNT(*), coalesce(sum(h), 0) FROM (SELECT "
                + "(hashtextextended((coalesce(\"a\"::text, 'N') || '|' || coalesce(octet_length(\"b\"::text)::text || ':' || \"b\"::text, 'N'))"
                + " COLLATE \"C\", 0) & 255) AS b, (hashtextextended((coalesce(\"a\"::text, 'N')) COLLATE \"C\", 0)"
                + " # coalesce(hashtextextended((\"b\"::text) COLLATE \"C\", 1), 0) # coalesce(hashtextextended((\"j\"::text) COLLATE \"C\", 2), 0))"
                + " AS h FROM \"app\".\"pairs\") x GROUP BY b");
        assertThat(pg.rowHashes(KeyRange.ALL, RowHash.LOOKUP3, new int[] {3, 9}).sql()).endsWith(" FROM \"app\".\"pairs\" WHERE "
                + "(hashtextextended((coalesce(\"a\"::text, 'N') || '|' || coalesce(octet_length(\"b\"::text)::text || ':' || \"b\"::text, 'N'))"
                + " COLLATE \"C\", 0) & 255) IN (3, 9)");
    }

    @Test
    void mysqlSendsIntegersDecimalsOfTheTargetsScaleAndTinyintOneAsStoredAndRendersTheOtherFixedColumnsInSql() {
        HashSql mysql = HashSql.of(Engine.MYSQL, Side.Role.SOURCE);
        java.util.function.BiFunction<LogicalType, String, HashSql.FixedRead> read = (type, declared) -> mysql.fixedRead(
                new ValidatedColumn("x", "x", type, type == LogicalType.DECIMAL ? "numeric(10,2)" : "bigint", List.of(), ERROR, declared));
        assertThat(read.apply(LogicalType.INTEGER, "bigint(20) unsigned")).isEqualTo(HashSql.FixedRead.NUMBER);
        assertThat(read.apply(LogicalType.INTEGER, "int(11)")).isEqualTo(HashSql.FixedRead.NUMBER);
        assertThat(read.apply(LogicalType.INTEGER, "int(5) unsigned zerofill")).isEqualTo(HashSql.FixedRead.TEXT);
        assertThat(read.apply(LogicalType.INTEGER, "year(4)")).isEqualTo(HashSql.FixedRead.TEXT);
        assertThat(read.apply(LogicalType.DECIMAL, "decimal(10,2)")).isEqualTo(HashSql.FixedRead.NUMBER);
        assertThat(read.apply(LogicalType.DECIMAL, "decimal(10,3)")).isEqualTo(HashSql.FixedRead.TEXT);
        assertThat(read.apply(LogicalType.BOOLEAN, "tinyint(1)")).isEqualTo(HashSql.FixedRead.TINYINT_BOOLEAN);
        assertThat(read.apply(LogicalType.BOOLEAN, "bit(1)")).isEqualTo(HashSql.FixedRead.TEXT);
        assertThat(read.apply(LogicalType.DATETIME, "datetime(6)")).isEqualTo(HashSql.FixedRead.TEXT);
        assertThat(read.apply(LogicalType.INTEGER, "")).isEqualTo(HashSql.FixedRead.TEXT);
    }

    @Test
    void aKeyOfOneIntegerSentAsStoredIsItsOwnTextSoTheKeysTextIsNotSentApart() {
        ValidatedTable t = new ValidatedTable(TableId.of("db", "t"), TableId.of("app", "t"),
                List.of(new ValidatedColumn("id", "id", LogicalType.INTEGER, "bigint", List.of(), ERROR, "bigint(20)"),
                        new ValidatedColumn("v", "v", LogicalType.DATETIME, "timestamp(6) without time zone", List.of(), ERROR, "datetime(6)")),
                List.of(0));
        SegmentSql my = new SegmentSql(HashSql.of(Engine.MYSQL, Side.Role.SOURCE), t);
        assertThat(my.keyTextIsKey()).isTrue();
        // The key leads the row and is not sent again as the first fixed column; the date-time is sent as a binary string.
        assertThat(my.rowTexts(KeyRange.ALL, true, RowHash.LOOKUP3).sql()).isEqualTo("SELECT `id`, CAST(`v` AS BINARY) FROM `db`.`t`");
        assertThat(my.layout(true).leading()).isEqualTo(1);
        assertThat(my.layout(true).keyInFixed()).isEqualTo(0);
        assertThat(my.rowTexts(KeyRange.ALL, false, RowHash.LOOKUP3).sql()).isEqualTo("SELECT `id`, CAST(`v` AS BINARY) FROM `db`.`t`");
        assertThat(my.layout(false).keyInFixed()).isEqualTo(-1);
        assertThat(my.layout(true).fixed()).containsExactly(HashSql.FixedRead.NUMBER, HashSql.FixedRead.TEXT);
        assertThat(my.layout(true).dateTimes()).isEqualTo(1);
        assertThat(new SegmentSql(HashSql.of(Engine.MYSQL, Side.Role.SOURCE), PAIRS).keyTextIsKey()).isFalse();
    }

    @Test
    void mysqlSendsCharacterColumnsAndEnumsAsStoredAndRendersSetsAndUndeclaredTypesInSql() {
        HashSql mysql = HashSql.of(Engine.MYSQL, Side.Role.SOURCE);
        for (String type : List.of("char(12)", "varchar(200)", "text", "longtext", "enum('a','b')", "national varchar(5)")) {
            assertThat(mysql.asStored(new ValidatedColumn("s", "s", LogicalType.STRING, "text", List.of(), ERROR, type))).as(type).isEqualTo("`s`");
        }
        assertThat(mysql.asStored(new ValidatedColumn("s", "s", LogicalType.STRING, "text", List.of(), ERROR, "")))
                .isEqualTo("CONVERT(`s` USING utf8mb4)");
        assertThat(mysql.asStored(new ValidatedColumn("s", "s", LogicalType.SET, "text", List.of("x", "a"), ERROR, "set('x','a')")))
                .startsWith("CASE WHEN `s` IS NULL THEN NULL ELSE CONCAT_WS(',', IF(FIND_IN_SET('a'");
    }

    @Test
    void mysqlZeroDatesRenderAsTheirPolicyHasThemOnTheTarget() {
        HashSql mysql = HashSql.of(Engine.MYSQL, Side.Role.SOURCE);
        ValidatedColumn sentinel = new ValidatedColumn("d", "d", LogicalType.DATE, "date", List.of(),
                new ZeroDateRule(ZeroDatePolicy.SENTINEL, "0001-01-01"));
        assertThat(mysql.text(sentinel)).contains("THEN '0001-01-01' ELSE DATE_FORMAT(`d`, '%Y-%m-%d') END");
        ValidatedColumn asNull = new ValidatedColumn("d", "d", LogicalType.DATETIME, "timestamp(0) without time zone", List.of(),
                new ZeroDateRule(ZeroDatePolicy.AS_NULL, null));
        assertThat(mysql.text(asNull)).isEqualTo("CASE WHEN `d` IS NULL THEN NULL WHEN (`d` + INTERVAL 0 DAY) IS NULL THEN NULL"
                + " ELSE DATE_FORMAT(`d`, '%Y-%m-%d %H:%i:%s.%f') END");
        ValidatedColumn dateTimeSentinel = new ValidatedColumn("d", "d", LogicalType.DATETIME, "timestamp(3) without time zone", List.of(),
                new ZeroDateRule(ZeroDatePolicy.SENTINEL, "1970-01-01 00:00:00.5"));
        assertThat(mysql.text(dateTimeSentinel)).contains("THEN '1970-01-01 00:00:00.500000' ELSE");
        // Under the error policy a zero date prints as 0000-00-00, which no PostgreSQL date prints as.
        assertThat(mysql.text(col("d", LogicalType.DATE, "date"))).isEqualTo("DATE_FORMAT(`d`, '%Y-%m-%d')");
    }

    @Test
    void setLabelsAreSortedByCodePointInMysqlAndArraysJoinedInPostgres() {
        ValidatedColumn set = new ValidatedColumn("s", "s", LogicalType.SET, "text[]", List.of("z", "a", "M"), ERROR);
        assertThat(HashSql.of(Engine.MYSQL, Side.Role.SOURCE).text(set)).isEqualTo("CASE WHEN `s` IS NULL THEN NULL ELSE CONCAT_WS(',', "
                + "IF(FIND_IN_SET('M', `s`) > 0, 'M', NULL), IF(FIND_IN_SET('a', `s`) > 0, 'a', NULL), IF(FIND_IN_SET('z', `s`) > 0, 'z', NULL)) END");
        assertThat(HashSql.of(Engine.POSTGRESQL, Side.Role.TARGET).text(set)).isEqualTo("array_to_string(\"s\", ',')");
    }

    @Test
    void mariadbFloatsAreReadAsDoublesSoNoDigitIsLostOnTheWire() {
        ValidatedTable t = new ValidatedTable(TableId.of("db", "f"), TableId.of("app", "f"),
                List.of(col("id", LogicalType.INTEGER, "integer"), col("x", LogicalType.FLOAT4, "real")), List.of(0));
        assertThat(new SegmentSql(HashSql.of(Engine.MYSQL, Side.Role.SOURCE), t).rows(KeyRange.ALL).sql())
                .isEqualTo("SELECT `id`, CAST(`x` AS DOUBLE) FROM `db`.`f` ORDER BY `id`");
        assertThat(new SegmentSql(HashSql.of(Engine.POSTGRESQL, Side.Role.TARGET), t).rows(KeyRange.ALL).sql())
                .isEqualTo("SELECT \"id\", \"x\" FROM \"app\".\"f\" ORDER BY \"id\"");
    }

    @Test
    void decimalsWithTheSameScaleOnBothSidesArePrintedAsTheyAreOtherwiseWithoutTrailingZeros() {
        ValidatedColumn same = new ValidatedColumn("d", "d", LogicalType.DECIMAL, "numeric(14,2)", List.of(), ERROR, "decimal(14,2)");
        ValidatedColumn other = new ValidatedColumn("d", "d", LogicalType.DECIMAL, "numeric", List.of(), ERROR, "decimal(14,2)");
        assertThat(HashSql.of(Engine.MYSQL, Side.Role.SOURCE).text(same)).isEqualTo("CAST(`d` AS CHAR)");
        assertThat(HashSql.of(Engine.POSTGRESQL, Side.Role.TARGET).text(same)).isEqualTo("\"d\"::text");
        assertThat(HashSql.of(Engine.MYSQL, Side.Role.SOURCE).text(other)).contains("TRIM(TRAILING '0'");
        assertThat(HashSql.of(Engine.POSTGRESQL, Side.Role.TARGET).text(other)).contains("trim_scale(\"d\")");
    }

    @Test
    void postgresPrintsJsonAsJsonbDoesOnBothSidesWhateverTheColumnsType() {
        ValidatedColumn j = col("j", LogicalType.JSON, "jsonb");
        assertThat(HashSql.of(Engine.POSTGRESQL, Side.Role.TARGET).text(j)).isEqualTo("\"j\"::text");
        assertThat(HashSql.of(Engine.POSTGRESQL, Side.Role.TARGET).text(col("j", LogicalType.JSON, "json"))).isEqualTo("\"j\"::jsonb::text");
        // A PostgreSQL source's column may be json (the text as written) where the target's is jsonb.
        assertThat(HashSql.of(Engine.POSTGRESQL, Side.Role.SOURCE).text(j)).isEqualTo("\"j\"::jsonb::text");
    }

    @Test
    void aPostgresSourceReadsTheSourceTableAndColumnNames() {
        ValidatedTable renamed = new ValidatedTable(TableId.of("src", "orders"), TableId.of("app", "orders"),
                List.of(new ValidatedColumn("Id", "id_short", LogicalType.INTEGER, "integer", List.of(), ERROR)), List.of(0));
        assertThat(new SegmentSql(HashSql.of(Engine.POSTGRESQL, Side.Role.SOURCE), renamed).rows(KeyRange.ALL).sql())
                .isEqualTo("SELECT \"Id\" FROM \"src\".\"orders\" ORDER BY \"Id\"");
        assertThat(new SegmentSql(HashSql.of(Engine.POSTGRESQL, Side.Role.TARGET), renamed).rows(KeyRange.ALL).sql())
                .isEqualTo("SELECT \"id_short\" FROM \"app\".\"orders\" ORDER BY \"id_short\"");
    }
}
