package io.ferry.validator;

import io.ferry.core.value.ZeroDateException;
import io.ferry.core.value.jdbc.CanonicalReader;
import io.ferry.validator.sql.SegmentSql;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs the validator's queries for one side of one table. */
final class RangeReader {

    /** How a zero date under the error policy reads: as nothing the target can hold. */
    static final String ZERO_DATE = "!zero-date";

    private final Side side;
    private final ValidatedTable table;
    private final SegmentSql sql;

    ValidatedTable table() {
        return table;
    }

    RangeReader(Side side, ValidatedTable table) {
        this.side = side;
        this.table = table;
        this.sql = new SegmentSql(side.dialect(), table);
    }

    /** Count and hash sums of the range, JSON columns hashed here from their canonical values. */
    SegmentHash hash(Connection c, KeyRange range) throws SQLException {
        SegmentHash h;
        SegmentSql.Query q = sql.hash(range);
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            q.bind(ps, sql.dialect());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                h = new SegmentHash(rs.getLong(1), rs.getBigDecimal(2).toBigIntegerExact(), BigInteger.ZERO);
            }
        }
        if (sql.hasOutsideColumns()) {
            h = h.plus(outsideHash(c, range));
        }
        return h;
    }

    private SegmentHash outsideHash(Connection c, KeyRange range) throws SQLException {
        List<ValidatedColumn> cols = new ArrayList<>(table.keyColumns());
        table.columns().stream().filter(col -> !sql.dialect().inDatabase(col)).forEach(cols::add);
        SegmentSql.Query q = sql.outsideColumns(range);
        RowDigest digest = new RowDigest();
        BigInteger sum = BigInteger.ZERO;
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            q.bind(ps, sql.dialect());
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> row = new ArrayList<>(cols.size());
                while (rs.next()) {
                    row.clear();
                    for (int i = 0; i < cols.size(); i++) {
                        row.add(read(rs, i + 1, cols.get(i)));
                    }
                    sum = sum.add(BigInteger.valueOf(digest.hash(row)).and(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)));
                }
            }
        }
        return new SegmentHash(0, BigInteger.ZERO, sum);
    }

    /** Every row of the range by key, each as its canonical values in column order. */
    Map<List<String>, List<String>> rows(Connection c, KeyRange range) throws SQLException {
        SegmentSql.Query q = sql.rows(range);
        Map<List<String>, List<String>> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            q.bind(ps, sql.dialect());
            readRows(ps, rows);
        }
        return rows;
    }

    /** Each row's hash by key, in the range. */
    Map<List<String>, String> rowHashes(Connection c, KeyRange range) throws SQLException {
        SegmentSql.Query q = sql.rowHashes(range);
        Map<List<String>, String> hashes = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            q.bind(ps, sql.dialect());
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                int n = table.keyColumns().size();
                while (rs.next()) {
                    hashes.put(key(rs), rs.getString(n + 1));
                }
            }
        }
        return hashes;
    }

    /** Whether some columns are hashed here rather than in the database (JSON). */
    boolean hashesOutside() {
        return sql.hasOutsideColumns();
    }

    /** The rows with these keys, by key, as canonical values; a key without a row is left out. */
    Map<List<String>, List<String>> rows(Connection c, List<List<String>> keys) throws SQLException {
        Map<List<String>, List<String>> rows = new LinkedHashMap<>();
        for (int from = 0; from < keys.size(); from += 200) {
            SegmentSql.Query q = sql.rows(keys.subList(from, Math.min(keys.size(), from + 200)));
            try (PreparedStatement ps = c.prepareStatement(q.sql())) {
                q.bind(ps, sql.dialect());
                readRows(ps, rows);
            }
        }
        return rows;
    }

    /** Every row a statement gives, all columns in canonical form, by key. */
    private void readRows(PreparedStatement ps, Map<List<String>, List<String>> rows) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                List<String> row = new ArrayList<>(table.columns().size());
                for (int i = 0; i < table.columns().size(); i++) {
                    row.add(read(rs, i + 1, table.columns().get(i)));
                }
                rows.put(table.keyOf(row), row);
            }
        }
    }

    /** The key at an offset within the range, or null past its end. */
    List<String> keyAt(Connection c, KeyRange range, long offset) throws SQLException {
        SegmentSql.Query q = sql.keyAt(range, offset);
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            q.bind(ps, sql.dialect());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? key(rs) : null;
            }
        }
    }

    /** About {@code fraction} of the keys, in key order. */
    List<List<String>> sample(Connection c, double fraction) throws SQLException {
        SegmentSql.Query q = sql.sample(fraction);
        List<List<String>> keys = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(key(rs));
                }
            }
        }
        return keys;
    }

    long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.count().sql()); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> key(ResultSet rs) throws SQLException {
        List<String> key = new ArrayList<>();
        for (int i = 0; i < table.keyColumns().size(); i++) {
            key.add(read(rs, i + 1, table.keyColumns().get(i)));
        }
        return key;
    }

    private String read(ResultSet rs, int index, ValidatedColumn c) throws SQLException {
        try {
            return CanonicalReader.read(rs, index, c.type(), side.engine(), c.zeroDates(), table.source().table() + "." + c.sourceName());
        } catch (ZeroDateException e) {
            // Under the error policy capture stops on this value; the target cannot hold it, so it differs.
            return ZERO_DATE;
        }
    }
}
