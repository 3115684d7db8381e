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
 * much cheaper than maintaining the index row by row during {@code COPY}. The primary key goes too and comes back
 * first ({@code bench/bulk} measured a {@code COPY} into a table without its key plus {@code ADD PRIMARY KEY} at about
 * 0.7x the time of a {@code COPY} with the key in place); the applier needs it only once the table is released, after
 * it is back. A primary key that a foreign key references stays, and so do indexes that back other constraints
 * (UNIQUE, exclusion): dropping them would drop the constraints.
 */
final class SecondaryIndexes {

    private static final String LIST = "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
            + "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
            + "WHERE n.nspname = ? AND t.relname = ? AND NOT x.indisprimary "
            + "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid) ORDER BY i.relname";

    private SecondaryIndexes() {
    }

    private static final String PRIMARY_KEY = "SELECT k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k "
            + "JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
            + "WHERE n.nspname = ? AND t.relname = ? AND k.contype = 'p' "
            + "AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.confrelid = t.oid)";

    /**
     * Drops the table's primary key (unless referenced) and secondary indexes, in the caller's transaction, and returns
     * the statements that build them again, the key first.
     */
    static List<String> drop(Connection pg, TableId table) throws SQLException {
        List<String> definitions = new ArrayList<>();
        String qualified = BulkTable.pgQuote(table.schema()) + "." + BulkTable.pgQuote(table.table());
        try (PreparedStatement ps = pg.prepareStatement(PRIMARY_KEY)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery(); Statement s = pg.createStatement()) {
                if (rs.next()) {
                    String name = BulkTable.pgQuote(rs.getString(1));
                    s.execute("ALTER TABLE " + qualified + " DROP CONSTRAINT " + name);
                    // Runs again harmlessly after a crash between the key's build and the table's copied mark.
                    definitions.add("DO $ferry$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'p' AND conrelid = '"
                            + qualified.replace("'", "''") + "'::regclass) THEN ALTER TABLE " + qualified + " ADD CONSTRAINT " + name + " "
                            + rs.getString(2) + "; END IF; END $ferry$");
                }
            }
        }
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
        try (Statement s = pg.createStatement()) {
            for (String[] f : found) {
                s.execute("DROP INDEX " + BulkTable.pgQuote(table.schema()) + "." + BulkTable.pgQuote(f[0]));
                definitions.add(f[1]);
            }
        }
        return definitions;
    }

    /** Builds key and indexes again; one that exists already (a rerun after a crash) is skipped. */
    static void create(Connection pg, List<String> definitions) throws SQLException {
        try (Statement s = pg.createStatement()) {
            for (String d : definitions) {
                s.execute(d.replaceFirst("^CREATE (UNIQUE )?INDEX ", "CREATE $1INDEX IF NOT EXISTS "));
            }
        }
    }
}
