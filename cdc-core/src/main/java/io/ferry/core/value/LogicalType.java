package io.ferry.core.value;

/**
 * The engine-neutral kinds of value Ferry moves. Each has exactly one canonical text form,
 * defined in {@link CanonicalValues} and tabled in {@code docs/canonical-values.md}.
 */
public enum LogicalType {
    BOOLEAN,
    /** Any integer width, signed or unsigned, including unsigned 64-bit. */
    INTEGER,
    /** Exact decimal numbers (DECIMAL/NUMERIC). */
    DECIMAL,
    /** 64-bit binary floating point (MySQL DOUBLE, PostgreSQL double precision). */
    FLOAT,
    /** 32-bit binary floating point (MySQL FLOAT, PostgreSQL real): read as a float, never through a rounded text. */
    FLOAT4,
    STRING,
    ENUM,
    SET,
    DATE,
    /** Time of day or a duration-like MySQL TIME, which may be negative or beyond 24 hours. */
    TIME,
    /** A date-time without a zone (MySQL DATETIME, PostgreSQL timestamp). */
    DATETIME,
    /** An instant (MySQL TIMESTAMP, PostgreSQL timestamptz). */
    TIMESTAMP,
    BINARY,
    /** A MySQL BIT(n) with n &gt; 1, a PostgreSQL bit(n) or bit varying(n). */
    BITS,
    JSON
}
