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
    /** Whether this side's JSON columns are rendered here rather than in SQL (a MySQL side). */
    private final boolean jsonHere;
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
        this.jsonHere = sql.hasJsonPart() && !sql.jsonPartInDatabase();
        table.columns().forEach(c -> where.put(c, table.source().table() + "." + c.sourceName()));
    }

    /**
     * Count and hash sum of the range: computed in the database where it renders every column, else here from the
     * row text of the other columns and the stored JSON ({@link RowText}).
     */
    SegmentHash hash(Connection c, KeyRange range) throws SQLException {
        if (!jsonHere) {
            SegmentSql.Query q = sql.hash(range);
            try (PreparedStatement ps = c.prepareStatement(q.sql())) {
                q.bind(ps, sql.dialect());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new SegmentHash(rs.getLong(1), rs.getBigDecimal(2).toBigIntegerExact());
                }
            }
        }
        return hashHere(c, range, null);
    }

    /** A range's hash, and for a side that hashes its rows here, each row's key and hash (else null) for a row comparison. */
    record Hashed(SegmentHash hash, KeptRows rows) {
    }

    /**
     * Rows' keys and MD5s in reading order, kept compact: a map is built only for a segment that differs. At most
     * {@code limit} rows: a range with more is bisected rather than compared row by row, so none is kept for it.
     */
    static final class KeptRows {
        private final int limit;
        private final List<List<String>> keys = new ArrayList<>();
        private long[] digests = new long[2 * 1024];
        private boolean over;

        KeptRows(int limit) {
            this.limit = limit;
        }

        /** Whether the rows were kept (not more than the limit). */
        boolean kept() {
            return !over;
        }

        void add(List<String> key, byte[] md5) {
            if (over || keys.size() == limit) {
                over = true;
                keys.clear();
                digests = new long[0];
                return;
            }
            int i = 2 * keys.size();
            if (i == digests.length) {
                digests = java.util.Arrays.copyOf(digests, 2 * digests.length);
            }
            ByteBuffer b = ByteBuffer.wrap(md5);
            digests[i] = b.getLong();
            digests[i + 1] = b.getLong();
            keys.add(key);
        }

        /** Each row's hash (32 hex digits, as {@link #rowHashes} gives it) by key. */
        Map<List<String>, String> byKey() {
            Map<List<String>, String> m = new java.util.HashMap<>(2 * keys.size());
            HexFormat hex = HexFormat.of();
            for (int i = 0; i < keys.size(); i++) {
                m.put(keys.get(i), hex.toHexDigits(digests[2 * i]) + hex.toHexDigits(digests[2 * i + 1]));
            }
            return m;
        }
    }

    /**
     * As {@link #hash}; a side that hashes its rows here (JSON on MySQL) keeps each row's hash by key too, up to
     * {@code limit} rows, so that a segment that differs is compared row by row without reading and rendering its
     * rows again.
     */
    Hashed hashKeepingRows(Connection c, KeyRange range, int limit) throws SQLException {
        if (!jsonHere) {
            return new Hashed(hash(c, range), null);
        }
        KeptRows rows = new KeptRows(limit);
        SegmentHash h = hashHere(c, range, rows);
        return new Hashed(h, rows.kept() ? rows : null);
    }

    /** The count and hash sum of a range hashed here; with {@code keep}, each row's key and hash kept in it. */
    private SegmentHash hashHere(Connection c, KeyRange range, KeptRows keep) throws SQLException {
        SegmentSql.Query q = sql.rowTexts(range, keep != null);
        RowText digest = new RowText();
        int first = keep == null ? 1 : keyColumns.size() + 1;
        BigInteger sum = BigInteger.ZERO;
        long rows = 0;
        long pending = 0;
        int inPending = 0;
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            q.bind(ps, sql.dialect());
            ps.setFetchSize(2000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    byte[] d = digest.of(rs, first);
                    if (keep != null) {
                        keep.add(key(rs), d);
                    }
                    pending += ByteBuffer.wrap(d).getLong() >>> 4;
                    if (++inPending == 7) { // 7 values under 2^60 stay under 2^63
                        sum = sum.add(BigInteger.valueOf(pending));
                        pending = 0;
                        inPending = 0;
                    }
                }
            }
        }
        return new SegmentHash(rows, sum.add(BigInteger.valueOf(pending)));
    }

    /**
     * The MD5 of a row's text completed here: the text of its columns other than JSON as the database renders it, then
     * each JSON column as jsonb prints it ({@link JsonbText}), length-prefixed, as the other side's SQL hashes it.
     */
    private final class RowText {
        private static final byte[] NULL_PART = {'|', 'N'};
        private static final byte[] NOT_JSON = "!not-json".getBytes(StandardCharsets.UTF_8);
        private final MessageDigest md5 = md5();
        private final int jsonColumns = sql.jsonColumns().size();

        /** @param first the index of the text of the other columns; the JSON columns follow it */
        byte[] of(ResultSet rs, int first) throws SQLException {
            md5.update(rs.getBytes(first));
            for (int i = 0; i < jsonColumns; i++) {
                byte[] stored = rs.getBytes(first + 1 + i);
                if (stored == null) {
                    md5.update(NULL_PART);
                } else {
                    // A stored text that is not JSON matches no target value: jsonb never prints a '!'.
                    byte[] rendered = JsonbText.utf8(stored);
                    byte[] v = rendered == null ? NOT_JSON : rendered;
                    md5.update(("|" + v.length + ":").getBytes(StandardCharsets.US_ASCII));
                    md5.update(v);
                }
            }
            return md5.digest();
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

    /** Each row's hash by key, in the range. */
    Map<List<String>, String> rowHashes(Connection c, KeyRange range) throws SQLException {
        SegmentSql.Query q = jsonHere ? sql.rowTexts(range, true) : sql.rowHashes(range);
        Map<List<String>, String> hashes = new java.util.HashMap<>();
        RowText digest = jsonHere ? new RowText() : null;
        HexFormat hex = HexFormat.of();
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            q.bind(ps, sql.dialect());
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                int n = keyColumns.size();
                while (rs.next()) {
                    hashes.put(key(rs), jsonHere ? hex.formatHex(digest.of(rs, n + 1)) : rs.getString(n + 1));
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
