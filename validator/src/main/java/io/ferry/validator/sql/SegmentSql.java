package io.ferry.validator.sql;

import io.ferry.core.value.jdbc.CanonicalReader;
import io.ferry.validator.KeyRange;
import io.ferry.validator.ValidatedColumn;
import io.ferry.validator.ValidatedTable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The validator's queries over a key range of one table, for one engine. */
public final class SegmentSql {

    /** A piece of SQL and the key values its placeholders take, in order. */
    public record Query(String sql, List<ValidatedColumn> paramColumns, List<String> paramValues) {

        public void bind(PreparedStatement ps, HashSql dialect) throws SQLException {
            for (int i = 0; i < paramColumns.size(); i++) {
                dialect.bind(ps, i + 1, paramColumns.get(i), paramValues.get(i));
            }
        }
    }

    private final HashSql dialect;
    private final ValidatedTable table;

    public SegmentSql(HashSql dialect, ValidatedTable table) {
        this.dialect = dialect;
        this.table = table;
    }

    public HashSql dialect() {
        return dialect;
    }

    /**
     * Row count and the hash sum of the rows in the range, for a side that renders every column in SQL. A side that
     * does not (JSON on MySQL) reads {@link #rowTexts} instead and hashes the rows itself.
     */
    public Query hash(KeyRange range) {
        return hash(range, RowHash.MD5);
    }

    /** As {@link #hash(KeyRange)}, with the given row hash. */
    public Query hash(KeyRange range, RowHash kind) {
        Query where = where(range);
        return new Query("SELECT COUNT(*), " + dialect.sumOfRowHashes("h", kind) + " FROM (SELECT " + rowHash(kind)
                + " AS h FROM " + dialect.table(table) + where.sql() + ") x", where.paramColumns(), where.paramValues());
    }

    /** Each row's key and hash (32 hex digits), for a side that renders every column in SQL. */
    public Query rowHashes(KeyRange range) {
        return rowHashes(range, RowHash.MD5);
    }

    /** Each row's key and hash: 32 hex digits of MD5, or lookup3 as a bigint. */
    public Query rowHashes(KeyRange range, RowHash kind) {
        return rowHashes(range, kind, null);
    }

    /**
     * As {@link #rowHashes(KeyRange, RowHash)}, only the rows whose keys fall in the given buckets ({@link #bucketHashes};
     * null for all rows). The database renders and hashes only those rows: the filter comes before the row text.
     */
    public Query rowHashes(KeyRange range, RowHash kind, int[] buckets) {
        Query where = where(range);
        String filter = where.sql();
        if (buckets != null) {
            filter += (filter.isEmpty() ? " WHERE " : " AND ") + bucket() + " IN ("
                    + java.util.Arrays.stream(buckets).mapToObj(Integer::toString).collect(Collectors.joining(", ")) + ")";
        }
        return new Query("SELECT " + table.keyColumns().stream().map(this::select).collect(Collectors.joining(", ")) + ", "
                + rowHash(kind) + " FROM " + dialect.table(table) + filter, where.paramColumns(), where.paramValues());
    }

    /**
     * Row count and lookup3 sum per bucket of keys in the range (PostgreSQL): the bucket is the low bits of lookup3 over
     * the key's text ({@link #keyText}), which the validator computes alike for the rows it hashes itself.
     */
    public Query bucketHashes(KeyRange range) {
        Query where = where(range);
        return new Query("SELECT b, COUNT(*), " + dialect.sumOfRowHashes("h", RowHash.LOOKUP3) + " FROM (SELECT " + bucket()
                + " AS b, " + rowHash(RowHash.LOOKUP3) + " AS h FROM " + dialect.table(table) + where.sql()
                + ") x GROUP BY b", where.paramColumns(), where.paramValues());
    }

    private String bucket() {
        return "(" + dialect.lookup3(keyText(), 0) + " & " + (io.ferry.validator.sql.RowHash.BUCKETS - 1) + ")";
    }

    /** The text of a row's key: its key columns' parts as in the row text, joined by {@code |}. */
    private String keyText() {
        return dialect.concat(table.keyColumns().stream().map(dialect::part).toList());
    }

    /**
     * For a side whose rows the validator hashes (a MySQL source): each row's fixed columns (numbers, dates, booleans,
     * binary, bits; none of them holds a {@code |}), each as {@link HashSql#fixedRead} says (its text rendered in SQL, or
     * as stored), then its free-text columns as {@link HashSql#asStored} gives them and its JSON columns as stored, with
     * the key columns and the key's text first when {@code withKey}; the validator joins the fixed texts and completes the
     * row ({@link RowTextHash}: length prefixes, date-time fractions, JSON as jsonb prints it) and hashes it as the other
     * side's SQL does. The database renders only what the driver cannot give as its text: rendering free text in SQL
     * ({@code CONVERT ... USING}, {@code LENGTH}) and joining the fixed texts ({@code CONCAT}, {@code IFNULL}) cost MariaDB
     * more than sending them.
     *
     * <p>The fixed columns rendered in SQL are rendered for the row hash {@code kind} ({@link HashSql#text(ValidatedColumn, RowHash)}).
     */
    public Query rowTexts(KeyRange range, boolean withKey, RowHash kind) {
        Query where = where(range);
        List<String> cols = new ArrayList<>();
        if (withKey) {
            table.keyColumns().forEach(c -> cols.add(select(c)));
            if (!keyTextIsKey()) {
                cols.add(keyText());
            }
        }
        List<ValidatedColumn> fixed = fixedColumns();
        int keyInFixed = keyInFixed(withKey);
        for (int i = 0; i < fixed.size(); i++) {
            ValidatedColumn c = fixed.get(i);
            if (i != keyInFixed) {
                cols.add(dialect.fixedRead(c) == HashSql.FixedRead.TEXT ? dialect.text(c, kind) : dialect.name(c));
            }
        }
        freeTextColumns().forEach(c -> cols.add(dialect.asStored(c)));
        jsonColumns().forEach(c -> cols.add(dialect.name(c)));
        return new Query("SELECT " + String.join(", ", cols) + " FROM " + dialect.table(table) + where.sql(), where.paramColumns(),
                where.paramValues());
    }

    /** Where {@link #rowTexts} puts each part of a row: how many key columns lead, and which of the parts it selects. */
    public RowTextHash.Layout layout(boolean withKey) {
        List<ValidatedColumn> fixed = fixedColumns();
        return new RowTextHash.Layout(withKey ? table.keyColumns().size() + (keyTextIsKey() ? 0 : 1) : 0, fixed.stream().map(dialect::fixedRead).toList(),
                (int) fixed.stream().filter(SegmentSql::dateTime).count(), freeTextColumns().size(), jsonColumns().size(), keyInFixed(withKey));
    }

    /**
     * Which fixed column {@link #rowTexts} does not send, its key column leading the row being the same value and text
     * ({@link #keyTextIsKey}); -1 for none.
     */
    private int keyInFixed(boolean withKey) {
        return withKey && keyTextIsKey() ? fixedColumns().indexOf(table.keyColumns().get(0)) : -1;
    }

    /**
     * Whether the key's text ({@link #keyText}) is the key's one column as read, so that {@link #rowTexts} need not send it:
     * an integer this side sends as stored, whose text the driver gives as the canonical number.
     */
    public boolean keyTextIsKey() {
        List<ValidatedColumn> key = table.keyColumns();
        return key.size() == 1 && key.get(0).type() == io.ferry.core.value.LogicalType.INTEGER
                && dialect.fixedRead(key.get(0)) == HashSql.FixedRead.NUMBER;
    }

    /**
     * The columns other than free text and JSON, whose texts never hold the separator: those other than date-times in
     * column order, then the date-times in column order, so that the validator finds them from the end of the text
     * ({@link RowTextHash}).
     */
    private List<ValidatedColumn> fixedColumns() {
        List<ValidatedColumn> fixed = new ArrayList<>(table.columns().stream().filter(c -> !HashSql.freeText(c) && !dateTime(c)).toList());
        fixed.addAll(table.columns().stream().filter(SegmentSql::dateTime).toList());
        return fixed;
    }

    private static boolean dateTime(ValidatedColumn c) {
        return c.type() == io.ferry.core.value.LogicalType.DATETIME || c.type() == io.ferry.core.value.LogicalType.TIMESTAMP;
    }

    /** The free-text columns other than JSON, in column order: each length-prefixed in the row text. */
    private List<ValidatedColumn> freeTextColumns() {
        return table.columns().stream().filter(c -> HashSql.freeText(c) && !HashSql.jsonPart(c)).toList();
    }

    /** Whether the table has JSON columns. */
    public boolean hasJsonPart() {
        return !jsonColumns().isEmpty();
    }

    /** Whether this side renders the JSON columns in SQL (PostgreSQL); otherwise {@link #rowTexts} feeds the validator. */
    public boolean jsonPartInDatabase() {
        return jsonColumns().stream().allMatch(dialect::inDatabase);
    }

    public List<ValidatedColumn> jsonColumns() {
        return table.columns().stream().filter(HashSql::jsonPart).toList();
    }

    /** The rows with these keys, every column, in one query. */
    public Query rows(List<List<String>> keys) {
        List<ValidatedColumn> cols = table.keyColumns();
        String one = "(" + java.util.stream.IntStream.range(0, cols.size())
                .mapToObj(i -> dialect.order(cols.get(i)) + " = " + dialect.param(cols.get(i))).collect(Collectors.joining(" AND ")) + ")";
        List<ValidatedColumn> paramColumns = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (List<String> key : keys) {
            paramColumns.addAll(cols);
            values.addAll(key);
        }
        return new Query("SELECT " + table.columns().stream().map(this::select).collect(Collectors.joining(", ")) + " FROM "
                + dialect.table(table) + " WHERE " + String.join(" OR ", java.util.Collections.nCopies(keys.size(), one)), paramColumns, values);
    }

    /**
     * A row's hash in SQL. MD5: of the row text ({@link #rowText}). lookup3: of each part apart, each with its own seed,
     * combined by XOR: the fixed columns' text (seed 0), then each free-text and JSON column's text (seeds 1, 2, ...; a
     * NULL adds nothing), so that no text is copied into a row text and none needs a length prefix; the validator
     * computes it alike ({@link RowTextHash}).
     */
    private String rowHash(RowHash kind) {
        if (kind == RowHash.MD5) {
            return dialect.md5(rowText());
        }
        List<String> terms = new ArrayList<>();
        if (!fixedColumns().isEmpty()) {
            terms.add(dialect.lookup3(dialect.concat(fixedColumns().stream().map(c -> dialect.part(c, kind)).toList()), 0));
        }
        int seed = 1;
        for (ValidatedColumn c : freeTextColumns()) {
            terms.add("coalesce(" + dialect.lookup3(dialect.text(c, kind), seed++) + ", 0)");
        }
        for (ValidatedColumn c : jsonColumns()) {
            terms.add("coalesce(" + dialect.lookup3(dialect.text(c, kind), seed++) + ", 0)");
        }
        return "(" + String.join(" # ", terms) + ")";
    }

    /**
     * The text a row's MD5 is computed over: its fixed columns ({@link #fixedColumns}), then its free-text columns other
     * than JSON in column order, then its JSON columns as jsonb prints them, each part as {@link HashSql#part} makes it (the last JSON column
     * without length prefix), joined by {@code |}: the order in which a side whose rows the validator hashes sends them
     * ({@link #rowTexts}).
     */
    private String rowText() {
        List<String> parts = new ArrayList<>();
        fixedColumns().forEach(c -> parts.add(dialect.part(c)));
        freeTextColumns().forEach(c -> parts.add(dialect.part(c)));
        List<ValidatedColumn> json = jsonColumns();
        for (int i = 0; i < json.size(); i++) {
            // The last part needs no length prefix: nothing follows it, and jsonb never prints N. PostgreSQL would print
            // the document twice for a prefix (its length, then the text).
            parts.add(i == json.size() - 1 ? dialect.orNullMarker(dialect.text(json.get(i))) : dialect.part(json.get(i)));
        }
        return dialect.concat(parts);
    }

    /** Every column of the rows in the range, in key order. */
    public Query rows(KeyRange range) {
        Query where = where(range);
        return new Query("SELECT " + table.columns().stream().map(this::select).collect(Collectors.joining(", ")) + " FROM "
                + dialect.table(table) + where.sql() + orderBy(), where.paramColumns(), where.paramValues());
    }

    /** The key of the row at an offset (0-based) within the range, in key order. */
    public Query keyAt(KeyRange range, long offset) {
        Query where = where(range);
        return new Query("SELECT " + table.keyColumns().stream().map(this::select).collect(Collectors.joining(", ")) + " FROM "
                + dialect.table(table) + where.sql() + orderBy() + " LIMIT 1 OFFSET " + offset, where.paramColumns(), where.paramValues());
    }

    /** About {@code fraction} of the table's keys, in key order. */
    public Query sample(double fraction) {
        String predicate = dialect.samplePredicate(fraction);
        return new Query("SELECT " + table.keyColumns().stream().map(this::select).collect(Collectors.joining(", ")) + " FROM "
                + dialect.table(table) + dialect.sampleClause(fraction) + (predicate.equals("true") ? "" : " WHERE " + predicate)
                + orderBy(), List.of(), List.of());
    }

    /**
     * The key of one row from each of about {@code percent} of the table's blocks, in key order: where the engine
     * {@link HashSql#samplesBlocks}, a sample that reads only those blocks. Any one row of a block, not chosen by its
     * key, stands for the block, so that the keys spread as a row sample's do whether or not the table's order on disk
     * follows its key.
     */
    public Query blockSample(double percent) {
        String keys = table.keyColumns().stream().map(dialect::name).collect(Collectors.joining(", "));
        return new Query("SELECT " + table.keyColumns().stream().map(this::select).collect(Collectors.joining(", ")) + " FROM (SELECT DISTINCT ON ("
                + dialect.block() + ") " + keys + " FROM " + dialect.table(table) + dialect.blockSampleClause(percent) + " ORDER BY "
                + dialect.block() + ") s" + orderBy(), List.of(), List.of());
    }

    public Query count() {
        return new Query("SELECT COUNT(*) FROM " + dialect.table(table), List.of(), List.of());
    }

    private String select(ValidatedColumn c) {
        return CanonicalReader.select(dialect.engine(), c.type(), dialect.name(c));
    }

    private String orderBy() {
        return " ORDER BY " + table.keyColumns().stream().map(dialect::order).collect(Collectors.joining(", "));
    }

    /**
     * A WHERE clause for the range, written as nested comparisons rather than row constructors so that
     * MariaDB can use the key's index: {@code a >= x AND (a > x OR (b >= y))}.
     */
    Query where(KeyRange range) {
        List<String> clauses = new ArrayList<>();
        List<ValidatedColumn> cols = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<ValidatedColumn> key = table.keyColumns();
        if (range.lower() != null) {
            clauses.add(bound(key, range.lower(), 0, true, cols, values));
        }
        if (range.upper() != null) {
            clauses.add(bound(key, range.upper(), 0, false, cols, values));
        }
        return new Query(clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses), cols, values);
    }

    private String bound(List<ValidatedColumn> key, List<String> values, int i, boolean lower,
                         List<ValidatedColumn> cols, List<String> bound) {
        ValidatedColumn c = key.get(i);
        String o = dialect.order(c);
        String p = dialect.param(c);
        if (i == key.size() - 1) {
            cols.add(c);
            bound.add(values.get(i));
            return o + (lower ? " >= " : " < ") + p;
        }
        cols.add(c);
        bound.add(values.get(i));
        cols.add(c);
        bound.add(values.get(i));
        String rest = bound(key, values, i + 1, lower, cols, bound);
        return "(" + o + (lower ? " >= " : " <= ") + p + " AND (" + o + (lower ? " > " : " < ") + p + " OR (" + rest + ")))";
    }
}
