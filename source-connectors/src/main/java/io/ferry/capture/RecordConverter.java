package io.ferry.capture;

import io.ferry.core.event.BinlogPosition;
import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.Op;
import io.ferry.core.event.PgLsn;
import io.ferry.core.event.SourcePosition;
import io.ferry.core.schema.TableId;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns one Debezium data-change record into Ferry's change event. Records that are not row
 * changes (heartbeats, schema changes, transaction markers) give an empty result; the caller still
 * acknowledges them so their offsets move on.
 */
public final class RecordConverter {

    private final String sourceName;
    private final UnsentValues unsent;
    private final Map<Schema, Long> catalogVersions = new IdentityHashMap<>();

    /** For a source that sends every value of an inserted row (MariaDB, MySQL). */
    public RecordConverter(String sourceName) {
        this(sourceName, null);
    }

    /**
     * @param unsent reads the values an INSERT of a key change lacks (PostgreSQL's unchanged TOASTed values), or null
     *               to stop capture with an error on such a change
     */
    public RecordConverter(String sourceName, UnsentValues unsent) {
        this.sourceName = sourceName;
        this.unsent = unsent;
    }

    public String sourceName() {
        return sourceName;
    }

    public Optional<ChangeEvent> convert(SourceRecord record) {
        Schema valueSchema = record.valueSchema();
        if (!(record.value() instanceof Struct value) || valueSchema == null
                || valueSchema.name() == null || !valueSchema.name().endsWith(".Envelope")) {
            return Optional.empty();
        }
        Struct source = value.getStruct("source");
        TableId table = tableOf(source);
        Op op = Op.ofCode(value.getString("op"));
        if (op == Op.TRUNCATE) {
            return Optional.of(ChangeEvent.truncate(sourceName, table, position(source), source.getInt64("ts_ms")));
        }
        Struct afterStruct = value.getStruct("after");
        SourcePosition position = position(source);
        if (!(record.key() instanceof Struct keyStruct)) {
            throw new UnsupportedValueException("table " + table + " has no primary key; Ferry needs one to apply changes");
        }
        Map<String, String> key = row(keyStruct, table, position, null);
        // An UPDATE on PostgreSQL does not carry a TOASTed value it left unchanged; such columns are left out of the
        // after image, so the applier's upsert leaves them as they are on the target.
        List<String> unsentColumns = new ArrayList<>();
        Map<String, String> after = op.hasAfter() ? row(afterStruct, table, position, unsentColumns) : null;
        if (!unsentColumns.isEmpty() && op != Op.UPDATE) {
            // An UPDATE that changed the key arrives as a DELETE and an INSERT, which lacks the unchanged TOASTed values
            // too: they are read from the source's row (UnsentValues explains why that converges).
            after.putAll(readUnsent(table, key, unsentColumns, position));
        }
        // No before image: the applier needs the key (carried) and the after image, and a full before image
        // doubled an updated row's size in Kafka (a 380 kB BLOB was as far as an updated row could go).
        Map<String, String> before = null;
        Long commitTime = source.getInt64("ts_ms");
        Schema rowSchema = valueSchema.field("after").schema();
        return Optional.of(ChangeEvent.of(op, sourceName, table, key, after, before, position,
                commitTime, transactionId(source), catalogVersion(rowSchema)));
    }

    /**
     * Whether the record is the first of a snapshot run. A snapshot that was interrupted is run
     * again from the start, so the target must first forget what the earlier run delivered.
     */
    public static boolean startsSnapshot(SourceRecord record) {
        if (!(record.value() instanceof Struct value) || value.schema().field("source") == null) {
            return false;
        }
        Struct source = value.getStruct("source");
        Field f = source.schema().field("snapshot");
        return f != null && "first".equals(source.get(f));
    }

    static TableId tableOf(Struct source) {
        Field schemaField = source.schema().field("schema");
        String schema = schemaField != null && source.get(schemaField) != null
                ? source.getString("schema") : source.getString("db");
        return TableId.of(schema, source.getString("table"));
    }

    static SourcePosition position(Struct source) {
        Field lsn = source.schema().field("lsn");
        if (lsn != null) {
            Object v = source.get(lsn);
            return new PgLsn(v == null ? 0L : ((Number) v).longValue());
        }
        Object row = source.get("row");
        return new BinlogPosition(source.getString("file"), source.getInt64("pos"),
                row == null ? 0 : ((Number) row).intValue(), gtid(source));
    }

    private static String transactionId(Struct source) {
        String gtid = gtid(source);
        if (gtid != null) {
            return gtid;
        }
        Field txId = source.schema().field("txId");
        Object v = txId == null ? null : source.get(txId);
        return v == null ? null : v.toString();
    }

    private static String gtid(Struct source) {
        Field f = source.schema().field("gtid");
        return f == null ? null : (String) source.get(f);
    }

    private Map<String, String> readUnsent(TableId table, Map<String, String> key, List<String> columns, SourcePosition position) {
        if (unsent == null) {
            throw new UnsupportedValueException(table + "." + columns.get(0) + " at " + position.describe() + ": the source did not "
                    + "send this value (an unchanged TOASTed value) in an event that must carry it whole");
        }
        try {
            // No row with the key any more: a later change deleted or moved it, and its DELETE follows this event;
            // until then the row lacks these columns (NULL on the target).
            return unsent.read(table, key, columns).orElse(Map.of());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("reading " + table + " " + columns + " of key " + key.keySet() + " at " + position.describe()
                    + " again from the source (an unchanged TOASTed value of a key change) failed: " + e.getMessage(), e);
        }
    }

    /** A row's columns; an unsent value (PostgreSQL's unchanged TOAST) is left out and named in {@code unsent}, or an error without it. */
    private static Map<String, String> row(Struct struct, TableId table, SourcePosition position, List<String> unsent) {
        Map<String, String> row = new LinkedHashMap<>();
        for (Field f : struct.schema().fields()) {
            String where = table + "." + f.name();
            // Struct.get would give the column's DEFAULT for a NULL value; a NULL must stay NULL.
            Object raw = struct.getWithoutDefault(f.name());
            if (isUnavailable(raw)) {
                if (unsent == null) {
                    throw new UnsupportedValueException(where + " at " + position.describe() + ": the source did not send this value "
                            + "(an unchanged TOASTed value) in an event that must carry it whole");
                }
                unsent.add(f.name());
                continue;
            }
            String value = ConnectValues.canonical(f.schema(), raw, where);
            if (FerryColumnConverter.ZERO_DATE.equals(value)) {
                throw new UnsupportedValueException(where + " at " + position.describe() + ": a zero or invalid date cannot be stored in "
                        + "PostgreSQL and the column's zero-date policy is error; choose as_null or sentinel with "
                        + "types.zeroDates or types.columns.\"" + table.table() + "." + f.name() + "\".zeroDates");
            }
            if (value != null && value.startsWith(FerryColumnConverter.NOT_BOOLEAN)) {
                throw new UnsupportedValueException(FerryColumnConverter.notBooleanMessage(where,
                        value.substring(FerryColumnConverter.NOT_BOOLEAN.length()), position.describe(), table.table() + "." + f.name()));
            }
            row.put(f.name(), value);
        }
        return row;
    }

    private static final byte[] UNAVAILABLE_BYTES = PostgresSlot.UNAVAILABLE.getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /** Whether a value is Debezium's placeholder for a value PostgreSQL did not send (text, bytes or an array of it). */
    static boolean isUnavailable(Object raw) {
        if (raw instanceof String s) {
            return s.equals(PostgresSlot.UNAVAILABLE);
        }
        if (raw instanceof byte[] b) {
            return java.util.Arrays.equals(b, UNAVAILABLE_BYTES);
        }
        if (raw instanceof java.nio.ByteBuffer buf) {
            return buf.remaining() == UNAVAILABLE_BYTES.length && buf.duplicate().equals(java.nio.ByteBuffer.wrap(UNAVAILABLE_BYTES));
        }
        if (raw instanceof java.util.List<?> list) {
            return list.size() == 1 && isUnavailable(list.get(0));
        }
        return false;
    }

    /** A fingerprint of the row's columns and their types: it changes when the table's shape does. */
    private long catalogVersion(Schema rowSchema) {
        if (catalogVersions.size() > 10_000) {
            catalogVersions.clear(); // schemas are cached per table by Debezium; this only guards against a leak
        }
        return catalogVersions.computeIfAbsent(rowSchema, s -> {
            CRC32 crc = new CRC32();
            for (Field f : s.fields()) {
                String part = f.name() + ':' + f.schema().type() + ':' + f.schema().name() + ';';
                crc.update(part.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return crc.getValue();
        });
    }
}
