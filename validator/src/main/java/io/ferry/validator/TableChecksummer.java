package io.ferry.validator;

import io.ferry.core.schema.TableId;
import io.ferry.core.schema.jdbc.PostgresCatalog;
import io.ferry.core.value.LogicalType;
import io.ferry.core.value.jdbc.CanonicalReader;
import io.ferry.core.value.jdbc.ColumnTypes;
import io.ferry.core.value.jdbc.Engine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Whole-table checksums computed in Java: every row is read, rendered in canonical form and
 * hashed. Simple and exact; the segmented in-database checksums of the validator service replace it
 * for large tables.
 */
public final class TableChecksummer {

    private TableChecksummer() {
    }

    /** The columns of a PostgreSQL table with their logical types, in column order. */
    public static Map<String, LogicalType> postgresColumns(Connection pg, TableId table) throws SQLException {
        Map<String, LogicalType> cols = new LinkedHashMap<>();
        PostgresCatalog.columns(pg, table).forEach((name, type) -> cols.put(name, ColumnTypes.fromPostgres(type)));
        if (cols.isEmpty()) {
            throw new SQLException("table " + table + " does not exist in the target");
        }
        return cols;
    }

    public static TableChecksum checksum(Connection c, Engine engine, TableId table, Map<String, LogicalType> columns) throws SQLException {
        engine.prepareSession(c);
        boolean autoCommit = c.getAutoCommit();
        if (engine.streamsInTransactionOnly()) {
            c.setAutoCommit(false);
        }
        String sql = "SELECT " + columns.entrySet().stream().map(e -> CanonicalReader.select(engine, e.getValue(), engine.quote(e.getKey())))
                .collect(Collectors.joining(", "))
                + " FROM " + engine.quote(table.schema()) + "." + engine.quote(table.table());
        List<LogicalType> types = new ArrayList<>(columns.values());
        RowDigest digest = new RowDigest();
        TableChecksum sum = TableChecksum.EMPTY;
        try (Statement s = c.createStatement()) {
            s.setFetchSize(5000);
            try (ResultSet rs = s.executeQuery(sql)) {
                List<String> row = new ArrayList<>(types.size());
                while (rs.next()) {
                    row.clear();
                    for (int i = 0; i < types.size(); i++) {
                        row.add(CanonicalReader.read(rs, i + 1, types.get(i), engine));
                    }
                    sum = sum.plus(digest.hash(row));
                }
            }
        } finally {
            if (engine.streamsInTransactionOnly()) {
                c.commit();
                c.setAutoCommit(autoCommit);
            }
        }
        return sum;
    }

    /** Checksums a source table (MySQL family) against its target table, over the target's columns. */
    public static TableComparison compare(Connection source, TableId sourceTable, Connection target, TableId targetTable) throws SQLException {
        Map<String, LogicalType> columns = postgresColumns(target, targetTable);
        return new TableComparison(sourceTable,
                checksum(source, Engine.MYSQL, sourceTable, columns),
                checksum(target, Engine.POSTGRESQL, targetTable, columns));
    }
}
