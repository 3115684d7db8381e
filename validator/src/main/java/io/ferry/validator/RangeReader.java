package io.ferry.validator;

import io.ferry.core.value.ZeroDateException;
import io.ferry.core.value.jdbc.CanonicalReader;
import io.ferry.validator.sql.JsonbText;
import io.ferry.validator.sql.SegmentSql;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
    /** Read once per row: kept rather than derived again. */
    private final List<ValidatedColumn> keyColumns;
    /** Each column's {@code table.column}, for errors. */
    private final Map<ValidatedColumn, String> where = new java.util.IdentityHashMap<>();

    ValidatedTable table() {
        return table;
    }

    RangeReader(Side side, ValidatedTable table) {
        this.side = side;
        this.table = table;
        this.sql = new SegmentSql(side.dialect(), table);
        this.keyColumns = table.keyColumns();
        table.columns().forEach(c -> where.put(c, table.source().table() + "." + c.sourceName()));
    }

    /**
     * Count and hash sums of the range. The JSON part (key and JSON columns) is hashed in the database where it can
     * render JSON as jsonb prints it, else here from the stored JSON.
     */
    SegmentHash hash(Connection c, KeyRange range) throws SQLException {
        SegmentSql.Query q = sql.hash(range);
        long rows;
        BigInteger sum;
        BigInteger json = BigInteger.ZERO;
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            q.bind(ps, sql.dialect());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                rows = rs.getLong(1);
                sum = rs.getBigDecimal(2).toBigIntegerExact();
                if (sql.hasJsonPart() && sql.jsonPartInDatabase()) {
                    json = rs.getBigDecimal(3).toBigIntegerExact();
                }
            }
        }
        if (sql.hasJsonPart() && !sql.jsonPartInDatabase()) {
            json = jsonPart(c, range);
        }
        return new SegmentHash(rows, sum, json);
    }

    /**
     * The JSON part of the rows of a range, hashed here: the key part as the database renders it, then each JSON
     * column as jsonb prints it ({@link JsonbText}), hashed with MD5 as the other side's SQL does.
     *
     * @return the sum of the first 60 bits of the digests
     */
    private BigInteger jsonPart(Connection c, KeyRange range) throws SQLException {
        SegmentSql.Query q = sql.jsonPart(range);
        JsonDigest digest = new JsonDigest();
        BigInteger sum = BigInteger.ZERO;
        long pending = 0;
        int inPending = 0;
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            q.bind(ps, sql.dialect());
            ps.setFetchSize(2000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pending += ByteBuffer.wrap(digest.of(rs, keyColumns.size() + 1)).getLong() >>> 4;
                    if (++inPending == 7) { // 7 values under 2^60 stay under 2^63
                        sum = sum.add(BigInteger.valueOf(pending));
                        pending = 0;
                        inPending = 0;
                    }
                }
            }
        }
        return sum.add(BigInteger.valueOf(pending));
    }

    /** The MD5 of a row's JSON part, from its key part text and stored JSON columns as {@link SegmentSql#jsonPart} selects them. */
    private final class JsonDigest {
        private final MessageDigest md5 = md5();
        private final StringBuilder text = new StringBuilder(256);
        private final int jsonColumns = sql.jsonColumns().size();

        /** @param first the index of the key part text; the JSON columns follow it */
        byte[] of(ResultSet rs, int first) throws SQLException {
            text.setLength(0);
            text.append(rs.getString(first));
            for (int i = 0; i < jsonColumns; i++) {
                String stored = rs.getString(first + 1 + i);
                text.append('|');
                if (stored == null) {
                    text.append('N');
                } else {
                    String rendered = JsonbText.of(stored);
                    // A stored text that is not JSON matches no target value: jsonb never prints a '!'.
                    String v = rendered == null ? "!not-json" : rendered;
                    text.append(v.getBytes(StandardCharsets.UTF_8).length).append(':').append(v);
                }
            }
            return md5.digest(text.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
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

    /** Each row's hashes by key, in the range: of the columns other than JSON, and of the JSON part if there is one. */
    Map<List<String>, String> rowHashes(Connection c, KeyRange range) throws SQLException {
        SegmentSql.Query q = sql.rowHashes(range);
        Map<List<String>, String> hashes = new java.util.HashMap<>();
        boolean jsonHere = sql.hasJsonPart() && !sql.jsonPartInDatabase();
        boolean jsonInSql = sql.hasJsonPart() && sql.jsonPartInDatabase();
        JsonDigest digest = jsonHere ? new JsonDigest() : null;
        HexFormat hex = HexFormat.of();
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            q.bind(ps, sql.dialect());
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                int n = keyColumns.size();
                while (rs.next()) {
                    String h = rs.getString(n + 1);
                    if (jsonInSql) {
                        h = h + "/" + rs.getString(n + 2);
                    } else if (jsonHere) {
                        h = h + "/" + hex.formatHex(digest.of(rs, n + 2));
                    }
                    hashes.put(key(rs), h);
                }
            }
        }
        return hashes;
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
        for (int i = 0; i < keyColumns.size(); i++) {
            key.add(read(rs, i + 1, keyColumns.get(i)));
        }
        return key;
    }

    private String read(ResultSet rs, int index, ValidatedColumn c) throws SQLException {
        try {
            return CanonicalReader.read(rs, index, c.type(), side.engine(), c.zeroDates(), where.get(c));
        } catch (ZeroDateException e) {
            // Under the error policy capture stops on this value; the target cannot hold it, so it differs.
            return ZERO_DATE;
        }
    }
}
