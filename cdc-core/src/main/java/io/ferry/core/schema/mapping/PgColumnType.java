package io.ferry.core.schema.mapping;

import java.util.List;

/**
 * A PostgreSQL column type chosen for a source column.
 *
 * @param sql        the type as written in DDL ({@code numeric(20,0)}); for a PostgreSQL enum the planner names the type
 * @param check      what follows the quoted column name in a CHECK that keeps the source's domain
 *                   ({@code  IN ('a', 'b')} for ENUM labels, a range for unsigned BIGINT), or null
 * @param warning    why this mapping deserves a reviewer's look, or null
 * @param enumLabels the labels of a PostgreSQL enum type to create for the column, or null
 */
public record PgColumnType(String sql, String check, String warning, List<String> enumLabels) {

    public PgColumnType(String sql, String check, String warning) {
        this(sql, check, warning, null);
    }

    static PgColumnType of(String sql) {
        return new PgColumnType(sql, null, null, null);
    }

    public boolean pgEnum() {
        return enumLabels != null;
    }

    /** The spelling PostgreSQL's {@code format_type} gives for a type as the plan writes it. */
    public static String formatType(String sql) {
        if (sql.startsWith("varchar(")) {
            return "character varying" + sql.substring("varchar".length());
        }
        if (sql.startsWith("timestamptz(")) {
            return "timestamp" + sql.substring("timestamptz".length()) + " with time zone";
        }
        if (sql.startsWith("timestamp(")) {
            return sql + " without time zone";
        }
        return sql;
    }
}
