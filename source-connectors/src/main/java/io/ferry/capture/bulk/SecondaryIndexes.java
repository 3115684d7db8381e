package io.ferry.capture.bulk;

import io.ferry.core.schema.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The target table's secondary indexes, set aside while its rows are copied and built once after: one sorted build is
 * much cheaper than maintaining the index row by row during {@code COPY}. The primary key stays (the chunks' rows
 * are checked against it as they arrive, and the applier's upserts need it). Indexes that back a constraint
 * (UNIQUE constraints, exclusion constraints) stay too: dropping them would drop the constraint.
 */
final class SecondaryIndexes {

    private static final String LIST = "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
            + "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
            + "WHERE n.nspname = ? AND t.relname = ? AND NOT x.indisprimary "
            + "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid) ORDER BY i.relname";

    private SecondaryIndexes() {
    }

    /** Drops the table's secondary indexes (in the caller's transaction) and returns their definitions. */
    static List<String> drop(Connection pg, TableId table) throws SQLException {
        List<String[]> found = new ArrayList<>();
        try (PreparedStatement ps = pg.prepareStatement(LIST)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        List<String> definitions = new ArrayList<>();
        try (Statement s = pg.createStatement()) {
            for (String[] f : found) {
                s.execute("DROP INDEX " + BulkTable.pgQuote(table.schema()) + "." + BulkTable.pgQuote(f[0]));
                definitions.add(f[1]);
            }
        }
        return definitions;
    }

    /** Builds the indexes again; a definition whose index exists already (a rerun after a crash) is skipped. */
    static void create(Connection pg, List<String> definitions) throws SQLException {
        try (Statement s = pg.createStatement()) {
            for (String d : definitions) {
                s.execute(d.replaceFirst("^CREATE (UNIQUE )?INDEX ", "CREATE $1INDEX IF NOT EXISTS "));
            }
        }
    }
}
