package io.ferry.orchestrator.schema;

/**
 * A PostgreSQL column type chosen for a source column.
 *
 * @param sql     the type as written in DDL ({@code numeric(20,0)})
 * @param check   what follows the quoted column name in a CHECK that keeps the source's domain
 *                ({@code  IN ('a', 'b')} for ENUM labels, a range for unsigned BIGINT), or null
 * @param warning why this mapping deserves a reviewer's look, or null
 */
public record PgColumnType(String sql, String check, String warning) {

    static PgColumnType of(String sql) {
        return new PgColumnType(sql, null, null);
    }
}
