package io.ferry.capture.bulk;

import io.ferry.core.value.CanonicalValues;
import io.ferry.core.value.LogicalType;
import io.ferry.core.value.ZeroDates;
import io.ferry.core.value.jdbc.CanonicalReader;
import io.ferry.core.value.jdbc.Engine;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;

/**
 * Reads one chunk from a reader connection inside the cut's snapshot, streaming (fetch size, never the whole result
 * in memory), each value in its canonical form ({@link CanonicalReader}, the validator's and capture's rules: zero
 * dates by the column's policy, TINYINT(1), FLOAT read as DOUBLE, unsigned BIGINT, BIT, JSON...), written as COPY text
 * lines into blocks of about {@value #BLOCK_CHARS} characters handed to a sink.
 */
final class ChunkReader {

    static final int BLOCK_CHARS = 256 * 1024;
    private static final int FETCH_SIZE = 2000;

    /** Takes the encoded blocks of a chunk, in order. */
    interface BlockSink {
        void block(byte[] bytes) throws InterruptedException;
    }

    private ChunkReader() {
    }

    /** @return the chunk's row count */
    static long read(Connection source, BulkTable table, Chunk chunk, BlockSink sink) throws SQLException, InterruptedException {
        KeyRangeSql.Condition where = KeyRangeSql.of(table.quotedKey(), chunk.lower() != null, chunk.upper() != null);
        String sql = table.selectColumns() + (where.sql().isEmpty() ? "" : " WHERE " + where.sql());
        List<BulkTable.Column> columns = table.columns();
        String[] columnNames = columns.stream().map(c -> table.source().table() + "." + c.sourceName()).toArray(String[]::new);
        long rows = 0;
        try (PreparedStatement ps = source.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            for (int i = 0; i < where.keyIndexes().size(); i++) {
                int k = where.keyIndexes().get(i);
                String v = (where.upperBound().get(i) ? chunk.upper() : chunk.lower()).get(k);
                if (table.binaryKey().get(k)) {
                    ps.setBytes(i + 1, Base64.getDecoder().decode(v));
                } else {
                    ps.setString(i + 1, v);
                }
            }
            ps.setFetchSize(FETCH_SIZE);
            StringBuilder block = new StringBuilder(BLOCK_CHARS + 4096);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (int c = 0; c < columns.size(); c++) {
                        BulkTable.Column col = columns.get(c);
                        String v = BulkTable.temporal(col.type()) ? temporal(rs.getString(c + 1), col, columnNames[c])
                                : CanonicalReader.read(rs, c + 1, col.type(), Engine.MYSQL, col.zeroDates(), columnNames[c]);
                        if (col.type() == LogicalType.BOOLEAN && v != null && !v.equals("true") && !v.equals("false")) {
                            throw new IllegalStateException(columnNames[c] + ": TINYINT(1) value " + v + " has no boolean form; map the column "
                                    + "to smallint (types.columns.\"" + columnNames[c] + "\".type: smallint)");
                        }
                        if (c > 0) {
                            block.append('\t');
                        }
                        col.encoder().append(block, v);
                    }
                    block.append('\n');
                    rows++;
                    if (block.length() >= BLOCK_CHARS) {
                        sink.block(block.toString().getBytes(StandardCharsets.UTF_8));
                        block.setLength(0);
                    }
                }
            }
            if (block.length() > 0) {
                sink.block(block.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return rows;
    }

    /**
     * A DATE, DATETIME or TIMESTAMP from the server's text (the session is in UTC, so a TIMESTAMP's text is UTC wall
     * time), as {@link CanonicalReader} makes it: zero and invalid dates by the column's policy, else the canonical
     * text ({@code Z} added for an instant).
     */
    static String temporal(String text, BulkTable.Column col, String where) {
        if (text == null) {
            return null;
        }
        if (ZeroDates.isZeroOrInvalid(text)) {
            return ZeroDates.replacement(col.zeroDates(), col.type(), where, text);
        }
        return switch (col.type()) {
            case DATE -> text;
            case DATETIME -> CanonicalValues.ofDateTimeText(text);
            default -> CanonicalValues.ofDateTimeText(text) + "Z";
        };
    }

    /** Every key of the table in key order, read with the text protocol, binary keys as base64. */
    static String keyScanSql(BulkTable table) {
        String key = String.join(", ", table.quotedKey());
        return "SELECT " + key + " FROM " + table.quotedSource() + " ORDER BY " + key;
    }
}
