package io.ferry.validator.sql;

import io.ferry.core.value.LogicalType;
import io.ferry.core.value.jdbc.Engine;
import io.ferry.validator.ValidatedColumn;
import io.ferry.validator.ValidatedTable;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One engine's SQL for the validator: each column rendered as its canonical hash text inside the
 * database, and key columns ordered and compared by value (numbers) or by UTF-8 bytes (text), never
 * by a collation, so both engines put every key in the same segment.
 *
 * <p>The hash text of a column is its canonical form ({@code docs/canonical-values.md}) with three
 * exceptions, each an exact, one-to-one encoding of the same value that both engines spell alike
 * cheaply: binary values as upper-case hex instead of base64, floating-point numbers as
 * {@code [-]m p e} with m the 53-bit significand and e the binary exponent, and date-times with all
 * six fraction digits and no zone letter. Decimals keep their trailing zeros when both sides have the
 * same scale. JSON columns come last in a row's text, as the text PostgreSQL prints for their {@code jsonb} value:
 * PostgreSQL renders it in SQL, a MySQL source in the validator ({@link JsonbText}), which then hashes that side's
 * rows, since MySQL has no function that prints that form ({@link #inDatabase}).
 */
public interface HashSql {

    Engine engine();

    /** The column's name on this side, quoted. */
    String name(ValidatedColumn c);

    /** The table on this side, qualified and quoted. */
    String table(ValidatedTable t);

    /** An expression giving the column's hash text, or NULL for a NULL value. */
    String text(ValidatedColumn c);

    /** How a key column is ordered and compared. */
    String order(ValidatedColumn c);

    /** The placeholder for a key value in canonical form, compared against {@link #order}. */
    String param(ValidatedColumn c);

    /** Binds a key value given in canonical form to a placeholder made by {@link #param}. */
    void bind(PreparedStatement ps, int index, ValidatedColumn c, String canonical) throws SQLException;

    /** The MD5 of a row text, as 32 lower-case hex digits. */
    String md5(String rowText);

    /** Whether this engine computes the lookup3 row hash in SQL (PostgreSQL does; MySQL leaves it to the validator). */
    default boolean computesLookup3() {
        return false;
    }

    /** lookup3 of a text with a seed, as a signed 64-bit number (PostgreSQL only: {@link #computesLookup3}). */
    default String lookup3(String text, int seed) {
        throw new IllegalArgumentException(engine() + " does not compute lookup3 in SQL; the validator does");
    }

    /**
     * An expression giving the column's hash text under a row hash: as {@link #text(ValidatedColumn)}, but where the row
     * hash is lookup3 and the engine prints a cheaper exact text for a type that the validator can match.
     */
    default String text(ValidatedColumn c, RowHash kind) {
        return text(c);
    }

    /** The exact sum over a segment of row hashes {@code h}: MD5 as 32 hex digits, or lookup3 as a bigint. */
    default String sumOfRowHashes(String h, RowHash kind) {
        if (kind != RowHash.MD5) {
            throw new IllegalArgumentException(engine() + " does not compute " + kind + " in SQL; the validator does");
        }
        return sumOfHexParts(h);
    }

    /**
     * The exact sum of the first 15 hex digits (60 bits) of a 32-digit hex column {@code h}. One sum, because MariaDB
     * merges the derived table and computes the MD5 again for every reference to it.
     */
    String sumOfHexParts(String h);

    /** The catalog's estimate of the table's rows on this side; 0 when it has none. */
    long rowEstimate(java.sql.Connection c, ValidatedTable t) throws SQLException;

    /** A clause that keeps about {@code fraction} of a table's rows, placed after the table name. */
    String sampleClause(double fraction);

    /** A predicate that keeps about {@code fraction} of the rows, placed in the WHERE clause. */
    String samplePredicate(double fraction);

    /**
     * Whether this engine samples whole blocks of a table, reading only those (PostgreSQL's {@code TABLESAMPLE SYSTEM}),
     * where {@link #sampleClause} and {@link #samplePredicate} read every row.
     */
    default boolean samplesBlocks() {
        return false;
    }

    /** The catalog's estimate of the table's blocks on this side, where it {@link #samplesBlocks}; 0 when it has none. */
    default long pageEstimate(java.sql.Connection c, ValidatedTable t) throws SQLException {
        return 0;
    }

    /** A clause that keeps about {@code percent} of a table's blocks, placed after the table name ({@link #samplesBlocks}). */
    default String blockSampleClause(double percent) {
        throw new IllegalArgumentException(engine() + " does not sample by block");
    }

    /** An expression giving the block a row is in ({@link #samplesBlocks}). */
    default String block() {
        throw new IllegalArgumentException(engine() + " does not sample by block");
    }

    /** Length-prefixes a text expression (NULL becomes N), so no two rows give one row text. */
    String lengthPrefixed(String text);

    /** A text expression of a type whose texts never hold the separator {@code |} (numbers, dates, hex), or N for NULL. */
    String orNullMarker(String text);

    /** Whether texts of the column may hold any character, so that they need a length prefix. */
    static boolean freeText(ValidatedColumn c) {
        return switch (c.type()) {
            case STRING, ENUM, SET, JSON -> true;
            default -> false;
        };
    }

    /** Joins parts into one text expression. */
    String concat(java.util.List<String> parts);

    /** Whether the database renders the column's hash text; if not (JSON on MySQL), the validator does, with {@link JsonbText}. */
    default boolean inDatabase(ValidatedColumn c) {
        return c.type() != LogicalType.JSON;
    }

    /** Whether a column is a JSON column, which comes after the other columns in a row's text. */
    static boolean jsonPart(ValidatedColumn c) {
        return c.type() == LogicalType.JSON;
    }

    /** How the validator reads a fixed column that a side whose rows it hashes sends ({@link SegmentSql#rowTexts}). */
    enum FixedRead {
        /** The column's hash text rendered in SQL ({@link #text(ValidatedColumn, RowHash)}), NULL for NULL. */
        TEXT,
        /** The stored number, whose text as the driver gives it is its hash text. */
        NUMBER,
        /** A TINYINT(1) as stored: 1 and 0 read as true and false, any other number as itself. */
        TINYINT_BOOLEAN
    }

    /** How a side whose rows the validator hashes sends a fixed column: rendered in SQL unless the engine says otherwise. */
    default FixedRead fixedRead(ValidatedColumn c) {
        return FixedRead.TEXT;
    }

    /**
     * A free-text column (not JSON) as a side whose rows the validator hashes selects it: its hash text without length
     * prefix, NULL for NULL ({@link SegmentSql#rowTexts}).
     */
    default String asStored(ValidatedColumn c) {
        return text(c);
    }

    /** A row text part for a column: length-prefixed for free text, else its text or N. */
    default String part(ValidatedColumn c) {
        return part(c, RowHash.MD5);
    }

    /** As {@link #part(ValidatedColumn)}, with the column's text under a row hash ({@link #text(ValidatedColumn, RowHash)}). */
    default String part(ValidatedColumn c, RowHash kind) {
        return freeText(c) ? lengthPrefixed(text(c, kind)) : orNullMarker(text(c, kind));
    }

    /** The SQL of a source or a target on this engine (a MySQL side is always the source). */
    static HashSql of(Engine engine, io.ferry.validator.Side.Role role) {
        return engine == Engine.MYSQL ? new MySqlHashSql() : new PostgresHashSql(role == io.ferry.validator.Side.Role.SOURCE);
    }
}
