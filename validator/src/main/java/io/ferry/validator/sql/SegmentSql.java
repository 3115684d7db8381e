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

    /** Row count and the hash sum of the rows in the range. */
    public Query hash(KeyRange range) {
        Query where = where(range);
        return new Query("SELECT COUNT(*), " + dialect.sumOfHexParts("h") + " FROM (SELECT " + rowHash()
                + " AS h FROM " + dialect.table(table) + where.sql() + ") x", where.paramColumns(), where.paramValues());
    }

    /** Each row's key and hash (32 hex digits) in the range: a row-level comparison that moves no values. */
    public Query rowHashes(KeyRange range) {
        Query where = where(range);
        return new Query("SELECT " + table.keyColumns().stream().map(this::select).collect(Collectors.joining(", ")) + ", " + rowHash()
                + " FROM " + dialect.table(table) + where.sql(), where.paramColumns(), where.paramValues());
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

    private String rowHash() {
        List<String> parts = table.columns().stream().filter(dialect::inDatabase)
                .map(c -> HashSql.freeText(c) ? dialect.lengthPrefixed(dialect.text(c)) : dialect.orNullMarker(dialect.text(c))).toList();
        return dialect.md5(dialect.concat(parts));
    }

    /** The key columns and the columns hashed outside the database (JSON), of the rows in the range. */
    public Query outsideColumns(KeyRange range) {
        List<ValidatedColumn> cols = new ArrayList<>(table.keyColumns());
        table.columns().stream().filter(c -> !dialect.inDatabase(c)).forEach(cols::add);
        Query where = where(range);
        return new Query("SELECT " + cols.stream().map(this::select).collect(Collectors.joining(", ")) + " FROM "
                + dialect.table(table) + where.sql(), where.paramColumns(), where.paramValues());
    }

    public boolean hasOutsideColumns() {
        return table.columns().stream().anyMatch(c -> !dialect.inDatabase(c));
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
