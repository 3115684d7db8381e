package io.ferry.core.schema.jdbc;

/**
 * One column of a unique index (or of the primary key) as a source catalog lists it, in index order.
 *
 * @param index    the index name; {@code PRIMARY} for the primary key, whatever the engine calls it
 * @param nullable whether the column admits NULL (a unique index over a nullable column cannot key a table)
 */
public record KeyColumn(String table, String index, String column, boolean nullable) {

    /** The index name every catalog reader gives the primary key. */
    public static final String PRIMARY = "PRIMARY";
}
