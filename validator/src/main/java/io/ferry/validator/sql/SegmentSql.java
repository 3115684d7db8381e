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
     * Row count and the hash sum of the rows in the range: of the columns other than JSON, and where this side renders
     * JSON in SQL, of the JSON part (key and JSON columns) too.
     */
    public Query hash(KeyRange range) {
        Query where = where(range);
        boolean json = hasJsonPart() && jsonPartInDatabase();
        return new Query("SELECT COUNT(*), " + dialect.sumOfHexParts("h") + (json ? ", " + dialect.sumOfHexParts("j") : "")
                + " FROM (SELECT " + dialect.md5(rowText()) + " AS h" + (json ? ", " + dialect.md5(jsonText()) + " AS j" : "")
                + " FROM " + dialect.table(table) + where.sql() + ") x", where.paramColumns(), where.paramValues());
    }

    /**
     * Each row's key and hashes (32 hex digits each) in the range: of the columns other than JSON, and where this side
     * renders JSON in SQL, of the JSON part; where it does not, the JSON part's key text and stored JSON columns
     * follow (as {@link #jsonPart}). A row-level comparison that moves no values but JSON documents.
     */
    public Query rowHashes(KeyRange range) {
        Query where = where(range);
        String json = !hasJsonPart() ? "" : jsonPartInDatabase() ? ", " + dialect.md5(jsonText()) : ", " + jsonPartColumns();
        return new Query("SELECT " + table.keyColumns().stream().map(this::select).collect(Collectors.joining(", ")) + ", "
                + dialect.md5(rowText()) + json + " FROM " + dialect.table(table) + where.sql(), where.paramColumns(), where.paramValues());
    }

    /**
     * For a side that does not render JSON in SQL: each row's key, the text of its key part (as {@link #jsonText} begins),
     * and its JSON columns as stored; the validator completes the JSON part's text with {@link JsonbText}.
     */
    public Query jsonPart(KeyRange range) {
        Query where = where(range);
        return new Query("SELECT " + table.keyColumns().stream().map(this::select).collect(Collectors.joining(", ")) + ", " + jsonPartColumns()
                + " FROM " + dialect.table(table) + where.sql(), where.paramColumns(), where.paramValues());
    }

    /** The text of the JSON part's key, then the JSON columns as stored. */
    private String jsonPartColumns() {
        List<String> cols = new ArrayList<>();
        cols.add(dialect.concat(table.keyColumns().stream().map(dialect::part).toList()));
        jsonColumns().forEach(c -> cols.add(dialect.name(c)));
        return String.join(", ", cols);
    }

    /** Whether the table has JSON columns, hashed with the key apart from the other columns. */
    public boolean hasJsonPart() {
        return !jsonColumns().isEmpty();
    }

    /** Whether this side renders the JSON part in SQL (PostgreSQL); otherwise {@link #jsonPart} feeds the validator. */
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

    /** The text of a row's columns other than JSON. */
    private String rowText() {
        return dialect.concat(table.columns().stream().filter(c -> !HashSql.jsonPart(c)).map(dialect::part).toList());
    }

    /** The text of a row's JSON part: its key, then its JSON columns as jsonb prints them. */
    private String jsonText() {
        List<String> parts = new ArrayList<>();
        table.keyColumns().forEach(c -> parts.add(dialect.part(c)));
        jsonColumns().forEach(c -> parts.add(dialect.part(c)));
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
