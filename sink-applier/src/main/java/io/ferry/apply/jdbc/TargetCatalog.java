package io.ferry.apply.jdbc;

import io.ferry.core.schema.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads target tables' columns and primary keys from PostgreSQL's catalog, once per table. */
public final class TargetCatalog {

    private static final String COLUMNS = "SELECT a.attname, format_type(a.atttypid, a.atttypmod) "
            + "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
    private static final String PRIMARY_KEY = "SELECT a.attname FROM pg_index i "
            + "JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true "
            + "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum "
            + "WHERE n.nspname = ? AND c.relname = ? AND i.indisprimary ORDER BY k.ord";

    private final String targetSchema;
    private final Map<TableId, TargetTable> cache = new HashMap<>();

    /** @param targetSchema the schema that source tables land in, or null to keep the source schema name */
    public TargetCatalog(String targetSchema) {
        this.targetSchema = targetSchema;
    }

    /** The target table for a source table; a missing table or one without a primary key is an error. */
    public TargetTable table(Connection c, TableId source) throws SQLException {
        TargetTable t = cache.get(source);
        if (t == null) {
            t = load(c, TableId.of(targetSchema == null ? source.schema() : targetSchema, source.table()));
            cache.put(source, t);
        }
        return t;
    }

    static TargetTable load(Connection c, TableId id) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
            ps.setString(1, id.schema());
            ps.setString(2, id.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new TargetSchemaException("target table " + id + " does not exist; create it before applying (ferry schema --apply)");
        }
        List<String> pk = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PRIMARY_KEY)) {
            ps.setString(1, id.schema());
            ps.setString(2, id.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pk.add(rs.getString(1));
                }
            }
        }
        if (pk.isEmpty()) {
            throw new TargetSchemaException("target table " + id + " has no primary key; upserts need one");
        }
        return new TargetTable(id, columns, pk);
    }
}
