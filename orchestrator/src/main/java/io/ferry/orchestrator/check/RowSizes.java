package io.ferry.orchestrator.check;

import io.ferry.core.value.jdbc.Engine;
import io.ferry.core.schema.mapping.MySqlColumn;
import io.ferry.orchestrator.schema.MySqlTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Per table, the largest row as a change event against {@code kafka.maxMessageBytes}. A change event carries a row's
 * after image as JSON, binary as base64 (4 bytes per 3), so the estimate of a row is the sum of its values' lengths
 * with binary ones scaled by 4/3, plus a little per column and per event.
 *
 * <p>Bounded cost: a table whose column types cannot make a row of even half the limit is reported from its types
 * alone, without reading it. Only the others are read, with one {@code MAX(...)} over the lengths of their
 * variable-length columns under a statement time limit ({@value #SCAN_SECONDS} s per table); a table that does not
 * finish in time is reported with the bound of its types and its average row length from
 * {@code information_schema.tables}, as a warning.
 */
public final class RowSizes {

    /** How long the scan of one table may take before the server stops it. */
    static final int SCAN_SECONDS = 10;
    /** Source, table, position, timestamps and the key again: what an event carries besides the row's values. */
    static final long EVENT_OVERHEAD = 400;
    /** A column's name, quotes, colon and comma, and a fixed-width value in its canonical text. */
    static final long PER_COLUMN = 40;

    private static final Set<String> BINARY = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob");
    private static final Set<String> TEXT = Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext", "json",
            "enum", "set");

    private RowSizes() {
    }

    public static List<Finding> run(Connection c, List<MySqlTable> tables, int maxMessageBytes) throws SQLException {
        boolean mariaDb = c.getMetaData().getDatabaseProductVersion().toLowerCase(Locale.ROOT).contains("mariadb");
        List<Finding> findings = new ArrayList<>();
        for (MySqlTable t : tables) {
            findings.add(table(c, t, maxMessageBytes, mariaDb));
        }
        return findings;
    }

    private static Finding table(Connection c, MySqlTable t, int limit, boolean mariaDb) throws SQLException {
        String subject = t.id().toString();
        long declared = declaredMaximum(t);
        if (declared <= limit / 2) {
            return Finding.info("row.size", subject, "rows are at most " + declared + " bytes as change events by their column types"
                    + " (kafka.maxMessageBytes " + limit + ")");
        }
        Long largest = measure(c, t, mariaDb);
        if (largest == null) {
            return Finding.warning("row.size", subject, "the largest row was not measured within " + SCAN_SECONDS + " s; its column "
                    + "types allow " + declared + " bytes as a change event and rows average " + averageRowLength(c, t)
                    + " bytes (information_schema); a change above kafka.maxMessageBytes (" + limit + ") stops capture");
        }
        if (largest > limit) {
            return Finding.error("row.size", subject, "the largest row is about " + largest + " bytes as a change event, above "
                    + "kafka.maxMessageBytes (" + limit + "): capture would stop at its next change; set kafka.maxMessageBytes "
                    + "above " + largest + " (on an existing cluster the brokers must allow it too: message.max.bytes)");
        }
        return largest > limit * 8L / 10
                ? Finding.warning("row.size", subject, "the largest row is about " + largest + " bytes as a change event, close to "
                        + "kafka.maxMessageBytes (" + limit + ")")
                : Finding.info("row.size", subject, "the largest row is about " + largest + " bytes as a change event "
                        + "(kafka.maxMessageBytes " + limit + ")");
    }

    /** The largest event a row of these column types can make. */
    static long declaredMaximum(MySqlTable t) {
        long sum = EVENT_OVERHEAD;
        for (MySqlColumn col : t.columns()) {
            sum += PER_COLUMN + valueMaximum(col);
        }
        return sum;
    }

    private static long valueMaximum(MySqlColumn col) {
        long bytes = switch (col.dataType()) {
            case "tinyblob", "tinytext" -> 255;
            case "blob", "text" -> 65_535;
            case "mediumblob", "mediumtext" -> 16_777_215;
            case "longblob", "longtext", "json" -> 4_294_967_295L;
            case "binary", "varbinary" -> col.charLength() == null ? 0 : col.charLength();
            // Four bytes per character at most (utf8mb4); labels of ENUM and SET are short.
            case "char", "varchar" -> col.charLength() == null ? 0 : 4 * col.charLength();
            case "enum", "set" -> col.columnType().length();
            default -> 0;
        };
        return BINARY.contains(col.dataType()) ? base64(bytes) : bytes;
    }

    private static long base64(long bytes) {
        return (bytes + 2) / 3 * 4;
    }

    /** The largest event of the table's rows, or null when the scan ran out of time. */
    private static Long measure(Connection c, MySqlTable t, boolean mariaDb) throws SQLException {
        StringBuilder sum = new StringBuilder().append(EVENT_OVERHEAD + PER_COLUMN * t.columns().size());
        for (MySqlColumn col : t.columns()) {
            String q = Engine.MYSQL.quote(col.name());
            if (BINARY.contains(col.dataType())) {
                sum.append(" + 4 * CEILING(COALESCE(LENGTH(").append(q).append("), 0) / 3)");
            } else if (TEXT.contains(col.dataType())) {
                sum.append(" + COALESCE(LENGTH(").append(q).append("), 0)");
            }
        }
        String from = Engine.MYSQL.quote(t.id().schema()) + "." + Engine.MYSQL.quote(t.id().table());
        String select = "SELECT MAX(" + sum + ") FROM " + from;
        String sql = mariaDb ? "SET STATEMENT max_statement_time=" + SCAN_SECONDS + " FOR " + select
                : select.replaceFirst("SELECT", "SELECT /*+ MAX_EXECUTION_TIME(" + SCAN_SECONDS * 1000 + ") */");
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long max = rs.getLong(1);
            return rs.wasNull() ? EVENT_OVERHEAD : max;
        } catch (SQLException e) {
            // MariaDB 1969 (max_statement_time exceeded), MySQL 3024 (maximum statement execution time exceeded)
            if (e.getErrorCode() == 1969 || e.getErrorCode() == 3024) {
                return null;
            }
            throw e;
        }
    }

    private static long averageRowLength(Connection c, MySqlTable t) throws SQLException {
        return io.ferry.core.schema.jdbc.MySqlCatalog.averageRowLength(c, t.id());
    }
}
