package io.ferry.validator;

import io.ferry.core.value.ZeroDateException;
import io.ferry.core.value.jdbc.CanonicalReader;
import io.ferry.validator.sql.HashSql;
import io.ferry.validator.sql.Lookup3;
import io.ferry.validator.sql.RowHash;
import io.ferry.validator.sql.RowTextHash;
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

    /** A block sample reads at most one in this many of a table's blocks; a larger sample reads every row. */
    static final int BLOCKS_PER_SAMPLED_BLOCK = 4;

    /** How a zero date under the error policy reads: as nothing the target can hold. */
    static final String ZERO_DATE = "!zero-date";

    private final Side side;
    private final ValidatedTable table;
    private final SegmentSql sql;
    /** Read once per row: kept rather than derived again. */
    private final List<ValidatedColumn> keyColumns;
    /** Whether this side's rows are hashed here rather than in SQL (a MySQL side: {@link #hashedHere}). */
    private final boolean hashedHere;
    /** Whether the key's text is the key as read ({@link SegmentSql#keyTextIsKey}). */
    private final boolean keyTextIsKey;
    /** The hash both sides of the table compute per row. */
    private final RowHash rowHash;
    /** Each column's {@code table.column}, for errors. */
    private final Map<ValidatedColumn, String> where = new java.util.IdentityHashMap<>();

    ValidatedTable table() {
        return table;
    }

    /**
     * The row hash for a table: lookup3 where each PostgreSQL side computes it as {@link Lookup3} does (asked once per
     * run), a MySQL source's rows then being hashed here; otherwise MD5, which both engines compute in SQL (and the
     * validator for a MySQL source with JSON columns).
     */
    static RowHash rowHash(Side source, Lookup3Probe sourceProbe, Lookup3Probe targetProbe) throws SQLException {
        boolean sourceLookup3 = !source.dialect().computesLookup3() || sourceProbe.matches();
        return sourceLookup3 && targetProbe.matches() ? RowHash.LOOKUP3 : RowHash.MD5;
    }

    /**
     * Whether a side's rows are hashed here: a side that computes no lookup3 in SQL (MySQL) where the row hash is lookup3,
     * or where it cannot render its JSON columns. Here it renders only the cheap parts in SQL and sends its free text and
     * JSON as stored ({@link SegmentSql#rowTexts}), which costs MariaDB less than rendering and hashing all of a row.
     */
    static boolean hashedHere(Side side, SegmentSql sql, RowHash rowHash) {
        return !side.dialect().computesLookup3() && (rowHash == RowHash.LOOKUP3 || (sql.hasJsonPart() && !sql.jsonPartInDatabase()));
    }

    /** Whether a PostgreSQL server computes lookup3 as {@link Lookup3} does (a little-endian server). */
    static boolean computesLookup3(Connection c) throws SQLException {
        try (java.sql.Statement s = c.createStatement(); ResultSet rs = s.executeQuery(Lookup3.probe())) {
            return rs.next() && rs.getLong(1) == Lookup3.PROBE_HASH;
        } catch (SQLException e) {
            // No such function (an old server): MD5 then.
            return false;
        }
    }

    RangeReader(Side side, ValidatedTable table) {
        this(side, table, RowHash.MD5);
    }

    /** @param rowHash the row hash of both sides ({@link #rowHash(Side, Lookup3Probe, Lookup3Probe)}) */
    RangeReader(Side side, ValidatedTable table, RowHash rowHash) {
        this.rowHash = rowHash;
        this.side = side;
        this.table = table;
        this.sql = new SegmentSql(side.dialect(), table);
        this.keyColumns = table.keyColumns();
        this.hashedHere = hashedHere(side, sql, rowHash);
        this.keyTextIsKey = sql.keyTextIsKey();
        table.columns().forEach(c -> where.put(c, table.source().table() + "." + c.sourceName()));
    }

    /**
     * Count and hash sum of the range: computed in the database, or here from the parts of each row's text the database
     * sends ({@link RowText}).
     */
    SegmentHash hash(Connection c, KeyRange range) throws SQLException {
        if (!hashedHere) {
            SegmentSql.Query q = sql.hash(range, rowHash);
            try (PreparedStatement ps = c.prepareStatement(q.sql())) {
                q.bind(ps, sql.dialect());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new SegmentHash(rs.getLong(1), rs.getBigDecimal(2).toBigIntegerExact());
                }
            }
        }
        return hashHere(c, range, null, null);
    }

    /**
     * A range's hash; for a side that hashes its rows here, each row's key and hash (else null) for a row comparison;
     * where the row hash is lookup3, the hashes per key bucket (else null).
     */
    record Hashed(SegmentHash hash, KeptRows rows, KeyBuckets buckets) {
    }

    /**
     * As {@link #hash}; a side whose rows are hashed here (MySQL) keeps each row's hash by key too, up to
     * {@code limit} rows, so that a segment that differs is compared row by row without reading and rendering its
     * rows again. Where the row hash is lookup3, a side hashed here sums its rows per key bucket too (it costs the
     * validator little), and a side hashed in SQL does so only {@code byBucket}: the {@code GROUP BY} costs PostgreSQL
     * about a sixth of a segment's query, which an equal segment does not need ({@link #buckets} after a mismatch).
     */
    Hashed hashKeepingRows(Connection c, KeyRange range, int limit, boolean byBucket) throws SQLException {
        KeyBuckets buckets = rowHash == RowHash.LOOKUP3 ? new KeyBuckets() : null;
        if (!hashedHere) {
            if (buckets == null || !byBucket) {
                return new Hashed(hash(c, range), null, null);
            }
            buckets = buckets(c, range);
            return new Hashed(buckets.total(), null, buckets);
        }
        KeptRows rows = new KeptRows(limit, rowHash);
        SegmentHash h = hashHere(c, range, rows, buckets);
        return new Hashed(h, rows.kept() ? rows : null, buckets);
    }

    /**
     * The range's count and hash sum per key bucket, computed in SQL ({@link SegmentSql#bucketHashes}); null where the row
     * hash is not lookup3 or this side's rows are hashed here (which sums them per bucket as it reads them).
     */
    KeyBuckets buckets(Connection c, KeyRange range) throws SQLException {
        if (hashedHere || rowHash != RowHash.LOOKUP3) {
            return null;
        }
        KeyBuckets buckets = new KeyBuckets();
        SegmentSql.Query q = sql.bucketHashes(range);
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            q.bind(ps, sql.dialect());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    buckets.set(rs.getInt(1), rs.getLong(2), rs.getBigDecimal(3).toBigIntegerExact());
                }
            }
        }
        return buckets;
    }

    /**
     * The count and hash sum of a range hashed here; with {@code keep}, each row's key and hash kept in it, and with
     * {@code buckets} the hashes per key bucket.
     */
    private SegmentHash hashHere(Connection c, KeyRange range, KeptRows keep, KeyBuckets buckets) throws SQLException {
        boolean withKey = keep != null || buckets != null;
        SegmentSql.Query q = sql.rowTexts(range, withKey, rowHash);
        RowText digest = new RowText(withKey);
        // The exact sum, in two halves that cannot overflow below 2^31 rows.
        long high = 0;
        long low = 0;
        long rows = 0;
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            q.bind(ps, sql.dialect());
            ps.setFetchSize(2000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    List<String> key = withKey ? key(rs) : null;
                    digest.of(rs, key);
                    int bucket = buckets == null ? 0 : bucket(rs, key);
                    if (keep != null) {
                        keep.add(key, digest.high, digest.low, bucket);
                    }
                    if (buckets != null) {
                        buckets.add(bucket, digest.high);
                    }
                    // MD5: its first 60 bits, unsigned; lookup3: the signed 64-bit value, as PostgreSQL sums a bigint.
                    long h = rowHash == RowHash.MD5 ? digest.high >>> 4 : digest.high;
                    high += h >> 32;
                    low += h & 0xffffffffL;
                }
            }
        }
        return new SegmentHash(rows, BigInteger.valueOf(high).shiftLeft(32).add(BigInteger.valueOf(low)));
    }

    /**
     * The key bucket of a row read by {@link SegmentSql#rowTexts} with its key: from the key's text, which is the key
     * itself where {@link SegmentSql#keyTextIsKey} (its {@code key}, read) and else follows the key columns.
     */
    private int bucket(ResultSet rs, List<String> key) throws SQLException {
        byte[] keyText = keyTextIsKey ? key.get(0).getBytes(java.nio.charset.StandardCharsets.UTF_8) : rs.getBytes(keyColumns.size() + 1);
        return KeyBuckets.of(Lookup3.of(keyText, 0, keyText.length, 0));
    }

    /** Hashes the row a {@link SegmentSql#rowTexts} result is at. */
    private final class RowText {
        private final RowTextHash hash;
        private final RowTextHash.Layout layout;
        private final byte[][] freeTexts;
        private final byte[][] documents;
        long high;
        long low;

        RowText(boolean withKey) {
            layout = sql.layout(withKey);
            hash = new RowTextHash(rowHash, layout.dateTimes());
            freeTexts = new byte[layout.freeText()][];
            documents = new byte[layout.json()][];
        }

        /** @param key the row's key as read, where the layout leads with it (else null) */
        void of(ResultSet rs, List<String> key) throws SQLException {
            int column = layout.leading() + 1;
            hash.startFixed();
            List<HashSql.FixedRead> fixed = layout.fixed();
            for (int i = 0; i < fixed.size(); i++) {
                HashSql.FixedRead read = fixed.get(i);
                if (i == layout.keyInFixed()) {
                    hash.fixedStored(key.get(0), read);
                } else if (read == HashSql.FixedRead.TEXT) {
                    hash.fixedText(rs.getBytes(column++));
                } else {
                    hash.fixedStored(rs.getString(column++), read);
                }
            }
            for (int i = 0; i < freeTexts.length; i++) {
                freeTexts[i] = rs.getBytes(column++);
            }
            for (int i = 0; i < documents.length; i++) {
                documents[i] = rs.getBytes(column++);
            }
            hash.hash(freeTexts, documents);
            high = hash.high();
            low = hash.low();
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

    /** Each row's hash by key, in the range, as hex digits ({@link RowHash#hex}). */
    Map<List<String>, String> rowHashes(Connection c, KeyRange range) throws SQLException {
        return rowHashes(c, range, null);
    }

    /** As {@link #rowHashes(Connection, KeyRange)}, only the rows in the given key buckets (in order; null for all). */
    Map<List<String>, String> rowHashes(Connection c, KeyRange range, int[] buckets) throws SQLException {
        Map<List<String>, String> hashes = new java.util.HashMap<>();
        if (buckets != null && buckets.length == 0) {
            return hashes;
        }
        SegmentSql.Query q = hashedHere ? sql.rowTexts(range, true, rowHash) : sql.rowHashes(range, rowHash, buckets);
        RowText digest = hashedHere ? new RowText(true) : null;
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            q.bind(ps, sql.dialect());
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                int n = keyColumns.size();
                while (rs.next()) {
                    String h;
                    List<String> key = key(rs);
                    if (hashedHere) {
                        if (buckets != null && java.util.Arrays.binarySearch(buckets, bucket(rs, key)) < 0) {
                            continue;
                        }
                        digest.of(rs, key);
                        h = rowHash.hex(digest.high, digest.low);
                    } else {
                        h = rowHash == RowHash.MD5 ? rs.getString(n + 1) : rowHash.hex(rs.getLong(n + 1), 0);
                    }
                    hashes.put(key, h);
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

    /** The catalog's estimate of the table's rows on this side; 0 when it has none. */
    long rowEstimate(Connection c) throws SQLException {
        return sql.dialect().rowEstimate(c, table);
    }

    /**
     * About {@code fraction} of the keys, handed to {@code keys} in key order as they are read (a few dozen at a time, so
     * that the segments cut from them start while the sample goes on).
     */
    void sample(Connection c, double fraction, java.util.function.Consumer<List<String>> keys) throws SQLException {
        SegmentSql.Query q = sampleQuery(c, fraction);
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            ps.setFetchSize(SegmentPlanner.SAMPLES_PER_SEGMENT);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.accept(key(rs));
                }
            }
        }
    }

    /**
     * The query of {@link #sample}: where this side {@link #samplesBlocks}, a key from each of as many blocks as keys are
     * wanted, if they are few of the catalog's blocks (only those are read); otherwise a sample of every row.
     */
    SegmentSql.Query sampleQuery(Connection c, double fraction) throws SQLException {
        if (samplesBlocks()) {
            double wanted = fraction * rowEstimate(c);
            long pages = sql.dialect().pageEstimate(c, table);
            if (wanted >= 1 && wanted * BLOCKS_PER_SAMPLED_BLOCK <= pages) {
                return sql.blockSample(100.0 * wanted / pages);
            }
        }
        return sql.sample(fraction);
    }

    /**
     * Whether this side samples keys by block ({@link io.ferry.validator.sql.HashSql#samplesBlocks}: PostgreSQL), reading
     * only the blocks it samples where they are at most one in {@link #BLOCKS_PER_SAMPLED_BLOCK} of the table's.
     */
    boolean samplesBlocks() {
        return sql.dialect().samplesBlocks();
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
