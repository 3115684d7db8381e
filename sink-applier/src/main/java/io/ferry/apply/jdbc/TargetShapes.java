package io.ferry.apply.jdbc;

import io.ferry.core.schema.TableId;
import io.ferry.apply.dialect.TargetDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@link SchemaEvolution} compares a source schema change with: the target table as it is now. Its not-null,
 * CHECK and enum queries are PostgreSQL's, as is the DDL {@link SchemaEvolution} plans: schema evolution is carried to
 * PostgreSQL targets only.
 */
final class TargetShapes {

    private static final String NOT_NULL = "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) "
            + "AND attnum > 0 AND NOT attisdropped AND attnotnull";
    private static final String CHECKS = "SELECT con.conname, a.attname, pg_get_constraintdef(con.oid) FROM pg_constraint con "
            + "JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1] "
            + "WHERE con.conrelid = to_regclass(?) AND con.contype = 'c' AND array_length(con.conkey, 1) = 1";
    private static final String ENUM_LABELS = "SELECT a.attname, e.enumlabel FROM pg_attribute a JOIN pg_enum e ON e.enumtypid = a.atttypid "
            + "WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum, e.enumsortorder";
    /** The labels of a CHECK as PostgreSQL prints an ENUM's label list: {@code (c = ANY (ARRAY['a'::text, 'b'::text]))}. */
    private static final Pattern LABEL = Pattern.compile("'((?:[^']|'')*)'::(?:text|character varying)");

    private TargetShapes() {
    }

    static SchemaEvolution.Target read(TargetDialect dialect, Connection c, TableId id) throws SQLException {
        Map<String, String> columns = dialect.columns(c, id);
        if (columns.isEmpty()) {
            return new SchemaEvolution.Target(id, Map.of(), List.of(), Set.of(), Map.of(), Map.of());
        }
        String regclass = dialect.qualified(id);
        Set<String> notNull = new LinkedHashSet<>();
        Map<String, SchemaEvolution.Check> checks = new HashMap<>();
        Map<String, List<String>> enums = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(NOT_NULL)) {
            ps.setString(1, regclass);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    notNull.add(rs.getString(1));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(CHECKS)) {
            ps.setString(1, regclass);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    checks.put(rs.getString(2), new SchemaEvolution.Check(rs.getString(1), labels(rs.getString(3))));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(ENUM_LABELS)) {
            ps.setString(1, regclass);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    enums.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return new SchemaEvolution.Target(id, columns, dialect.primaryKey(c, id), notNull, checks, enums);
    }

    /** The labels a CHECK allows when it is a label list, else null. */
    static List<String> labels(String definition) {
        if (!definition.contains("ARRAY[") && !definition.contains("::text")) {
            return null;
        }
        List<String> labels = new ArrayList<>();
        Matcher m = LABEL.matcher(definition);
        while (m.find()) {
            labels.add(m.group(1).replace("''", "'"));
        }
        return labels.isEmpty() ? null : labels;
    }
}
