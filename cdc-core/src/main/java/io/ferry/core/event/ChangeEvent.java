package io.ferry.core.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ferry.core.schema.TableId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One committed change of one row, engine-neutral. Every column value is in its canonical text
 * form ({@link io.ferry.core.value.CanonicalValues}); a SQL NULL is a JSON null. Column order of the
 * maps is the table's column order (the key: primary key order).
 *
 * <p>Capture sends no before image (null): the key identifies the old row and the after image is all the applier
 * writes, and a full before image doubled an updated row's size in Kafka. A schema change ({@link Op#SCHEMA})
 * carries its statement and the table's new shape instead of rows.
 *
 * <p>Built only through {@link #of}, which rejects impossible combinations (a delete without a
 * before image or key, an insert without an after image, an empty key).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeEvent(
        @JsonProperty("v") int formatVersion,
        @JsonProperty("op") Op op,
        @JsonProperty("source") String source,
        @JsonProperty("table") TableId table,
        @JsonProperty("key") Map<String, String> key,
        @JsonProperty("after") Map<String, String> after,
        @JsonProperty("before") Map<String, String> before,
        @JsonProperty("pos") SourcePosition position,
        @JsonProperty("ts") Long commitTimeMillis,
        @JsonProperty("tx") String transactionId,
        @JsonProperty("cv") long catalogVersion,
        @JsonProperty("ddl") SchemaChange schemaChange) {

    /** The current format version. Readers accept this and older versions they know. */
    public static final int FORMAT_VERSION = 1;

    public ChangeEvent {
        if (formatVersion < 1 || formatVersion > FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported change event format version " + formatVersion
                    + " (this Ferry reads 1.." + FORMAT_VERSION + ")");
        }
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(position, "position");
        if ((op == Op.SCHEMA) != (schemaChange != null)) {
            throw new IllegalArgumentException(op + " event for " + table + (op == Op.SCHEMA ? " has no schema change"
                    : " must not carry a schema change"));
        }
        if (op == Op.TRUNCATE || op == Op.SCHEMA) {
            if (key != null && !key.isEmpty() || after != null || before != null) {
                throw new IllegalArgumentException(op + " event for " + table + " must carry no key and no row image");
            }
        } else if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("change event for " + table + " has no key");
        }
        if (op.hasAfter() && after == null) {
            throw new IllegalArgumentException(op + " event for " + table + " has no after image");
        }
        if (op == Op.DELETE && after != null) {
            throw new IllegalArgumentException("delete event for " + table + " must not carry an after image");
        }
        key = freeze(key);
        after = freeze(after);
        before = freeze(before);
    }

    /**
     * This event with its column names mapped (for target names that differ from the source's); the same event
     * when no name changes.
     */
    public ChangeEvent withColumnNames(java.util.function.UnaryOperator<String> name) {
        if (Stream.of(key, after, before).filter(Objects::nonNull).flatMap(m -> m.keySet().stream()).allMatch(k -> name.apply(k).equals(k))) {
            return this;
        }
        return new ChangeEvent(formatVersion, op, source, table, rename(key, name), rename(after, name), rename(before, name),
                position, commitTimeMillis, transactionId, catalogVersion, schemaChange);
    }

    /**
     * This change with the columns its after image lacks taken from an earlier change of the same row: a PostgreSQL
     * UPDATE does not carry a TOASTed value it left unchanged, so when several changes of a row collapse into one the
     * earlier image supplies it. This change itself when it carries every column, or when either is no upsert.
     */
    public ChangeEvent over(ChangeEvent earlier) {
        if (after == null || earlier == null || earlier.after == null || after.keySet().containsAll(earlier.after.keySet())) {
            return this;
        }
        Map<String, String> merged = new LinkedHashMap<>(earlier.after);
        merged.putAll(after);
        return new ChangeEvent(formatVersion, op, source, table, key, merged, before, position, commitTimeMillis, transactionId,
                catalogVersion, schemaChange);
    }

    private static Map<String, String> rename(Map<String, String> row, java.util.function.UnaryOperator<String> name) {
        if (row == null) {
            return null;
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        row.forEach((k, v) -> out.put(name.apply(k), v));
        return out;
    }

    public static ChangeEvent of(Op op, String source, TableId table, Map<String, String> key,
            Map<String, String> after, Map<String, String> before, SourcePosition position,
            Long commitTimeMillis, String transactionId, long catalogVersion) {
        return new ChangeEvent(FORMAT_VERSION, op, source, table, key, after, before, position,
                commitTimeMillis, transactionId, catalogVersion, null);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isDelete() {
        return op == Op.DELETE;
    }

    /** A truncate marker for one partition of a table's topic (see {@link Op#TRUNCATE}). */
    public static ChangeEvent truncate(String source, TableId table, SourcePosition position, Long commitTimeMillis) {
        return new ChangeEvent(FORMAT_VERSION, Op.TRUNCATE, source, table, null, null, null, position, commitTimeMillis, null, 0L, null);
    }

    /** A schema change of a table, for one partition of its topic (see {@link Op#SCHEMA}). */
    public static ChangeEvent schema(String source, TableId table, SourcePosition position, Long commitTimeMillis, SchemaChange change) {
        return new ChangeEvent(FORMAT_VERSION, Op.SCHEMA, source, table, null, null, null, position, commitTimeMillis, null, 0L,
                Objects.requireNonNull(change, "change"));
    }

    private static Map<String, String> freeze(Map<String, String> m) {
        // LinkedHashMap keeps column order and allows null values (SQL NULL), which Map.copyOf does not.
        return m == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
