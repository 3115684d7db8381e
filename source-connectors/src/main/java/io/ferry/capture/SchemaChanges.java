package io.ferry.capture;

import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.SchemaChange;
import io.ferry.core.event.SourcePosition;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.mapping.MySqlColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns Debezium's schema-change records (a DDL statement with the new shape of each table it touched, from the
 * schema history that Debezium keeps in position order) into Ferry's {@link io.ferry.core.event.Op#SCHEMA} events.
 * What is additive is not decided here but by the applier against the target's actual shape, which also makes a
 * replayed statement harmless.
 */
final class SchemaChanges {

    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"]|\"\")*)\"");
    /** RENAME TABLE, or ALTER TABLE ... RENAME [TO|AS] (not RENAME COLUMN, INDEX or KEY). */
    private static final Pattern RENAME_TABLE = Pattern.compile(
            "(?is)^\\s*(RENAME\\s+TABLES?\\b.*|ALTER\\s+(ONLINE\\s+|IGNORE\\s+)*TABLE\\s+.*\\bRENAME\\s+(?!(COLUMN|INDEX|KEY)\\b).*)");
    private static final Pattern NUMERIC = Pattern.compile("(?i)(tiny|small|medium|big)?int(eger)?|decimal|numeric|float|double|real|bit|bool(ean)?|year");
    private static final Pattern CURRENT_TIMESTAMP = Pattern.compile("(?i)current_timestamp(\\([0-6]?\\))?|now\\(\\)");

    private SchemaChanges() {
    }

    /** Whether the record is one of Debezium's schema-change records. */
    static boolean isSchemaChange(SourceRecord record) {
        return record.valueSchema() != null && record.valueSchema().name() != null
                && record.valueSchema().name().endsWith(".SchemaChangeValue") && record.value() instanceof Struct;
    }

    /**
     * The schema events of a streamed DDL statement, one per table it touched. Statements read during a snapshot
     * (Debezium replays each table's CREATE there) and statements that touch no table give none.
     */
    static List<ChangeEvent> convert(SourceRecord record, String sourceName) {
        Struct value = (Struct) record.value();
        Struct source = value.getStruct("source");
        Field snapshot = source.schema().field("snapshot");
        Object snap = snapshot == null ? null : source.get(snapshot);
        if (snap != null && !"false".equals(snap.toString())) {
            return List.of();
        }
        String ddl = value.getString("ddl");
        SourcePosition position = RecordConverter.position(source);
        Long ts = source.getInt64("ts_ms");
        List<ChangeEvent> out = new ArrayList<>();
        List<Object> changes = value.schema().field("tableChanges") == null ? List.of() : value.getArray("tableChanges");
        for (Object o : changes == null ? List.of() : changes) {
            Struct change = (Struct) o;
            TableId table = tableId(change.getString("id"), source);
            Struct t = change.getStruct("table");
            List<MySqlColumn> columns = new ArrayList<>();
            List<String> pk = new ArrayList<>();
            if (t != null) {
                for (Object c : t.getArray("columns")) {
                    columns.add(column((Struct) c));
                }
                List<Object> names = t.getArray("primaryKeyColumnNames");
                if (names != null) {
                    names.forEach(n -> pk.add((String) n));
                }
            }
            SchemaChange.Kind kind = kind(ddl, change.getString("type"));
            out.add(ChangeEvent.schema(sourceName, table, position, ts, new SchemaChange(ddl, kind,
                    kind == SchemaChange.Kind.DROP || kind == SchemaChange.Kind.RENAME ? List.of() : columns, pk)));
        }
        return out;
    }

    /** What the statement did to the table: Debezium's CREATE, ALTER or DROP, with a rename told apart by its DDL. */
    static SchemaChange.Kind kind(String ddl, String type) {
        if (RENAME_TABLE.matcher(ddl).matches()) {
            return SchemaChange.Kind.RENAME;
        }
        return switch (type.toUpperCase(Locale.ROOT)) {
            case "CREATE" -> SchemaChange.Kind.CREATE;
            case "DROP" -> SchemaChange.Kind.DROP;
            default -> SchemaChange.Kind.ALTER;
        };
    }

    /** Debezium's table id is {@code "db"."table"}; without quotes, the record's source names it. */
    static TableId tableId(String id, Struct source) {
        List<String> parts = new ArrayList<>();
        Matcher m = QUOTED.matcher(id == null ? "" : id);
        while (m.find()) {
            parts.add(m.group(1).replace("\"\"", "\""));
        }
        if (parts.size() >= 2) {
            return TableId.of(parts.get(parts.size() - 2), parts.get(parts.size() - 1));
        }
        if (id != null && id.indexOf('.') > 0) {
            return TableId.of(id.substring(0, id.indexOf('.')), id.substring(id.indexOf('.') + 1));
        }
        return RecordConverter.tableOf(source);
    }

    /** A column of Debezium's table description as {@code information_schema.columns} would describe it. */
    static MySqlColumn column(Struct c) {
        String typeName = c.getString("typeName").toLowerCase(Locale.ROOT).trim();
        boolean unsigned = typeName.contains("unsigned");
        String dataType = typeName.split("\\s+")[0];
        Integer length = c.getInt32("length");
        Integer scale = c.getInt32("scale");
        List<String> labels = new ArrayList<>();
        Field enumValues = c.schema().field("enumValues");
        if (enumValues != null && c.get(enumValues) != null) {
            for (Object l : c.getArray("enumValues")) {
                labels.add(unquote((String) l));
            }
        }
        String columnType = switch (dataType) {
            case "enum", "set" -> dataType + "(" + String.join(",", labels.stream().map(l -> "'" + l.replace("'", "''") + "'").toList()) + ")";
            case "decimal", "numeric" -> dataType + "(" + (length == null ? 10 : length) + "," + (scale == null ? 0 : scale) + ")";
            default -> length != null && length >= 0 && !dataType.endsWith("text") && !dataType.endsWith("blob")
                    ? dataType + "(" + length + ")" : dataType;
        } + (unsigned ? " unsigned" : "");
        boolean temporal = dataType.equals("datetime") || dataType.equals("timestamp") || dataType.equals("time");
        Long charLength = switch (dataType) {
            case "char", "varchar", "binary", "varbinary" -> length == null ? null : length.longValue();
            default -> null;
        };
        Integer precision = switch (dataType) {
            case "decimal", "numeric", "bit" -> length;
            default -> null;
        };
        Integer datetimePrecision = temporal ? (length == null || length < 0 ? 0 : length) : null;
        Field autoInc = c.schema().field("autoIncremented");
        boolean autoIncrement = autoInc != null && Boolean.TRUE.equals(c.get(autoInc));
        Field comment = c.schema().field("comment");
        Field charset = c.schema().field("charsetName");
        return new MySqlColumn(c.getString("name"), dataType, columnType, Boolean.TRUE.equals(c.getBoolean("optional")), charLength,
                precision, dataType.equals("decimal") || dataType.equals("numeric") ? scale : null, datetimePrecision,
                defaultValue(c, dataType), autoIncrement ? "auto_increment" : "", null,
                charset == null ? null : (String) c.get(charset), null, comment == null ? null : (String) c.get(comment));
    }

    /**
     * The default as {@code information_schema.columns.column_default} spells it on MariaDB (string literals quoted),
     * which is what the type mapping's default translation reads.
     */
    private static String defaultValue(Struct c, String dataType) {
        Field f = c.schema().field("defaultValueExpression");
        String d = f == null ? null : (String) c.get(f);
        if (d == null || d.equalsIgnoreCase("NULL")) {
            return null;
        }
        if (NUMERIC.matcher(dataType).matches() || CURRENT_TIMESTAMP.matcher(d).matches()
                || (d.length() >= 2 && d.startsWith("'") && d.endsWith("'"))) {
            return d;
        }
        return "'" + d.replace("'", "''") + "'";
    }

    private static String unquote(String label) {
        if (label.length() >= 2 && label.startsWith("'") && label.endsWith("'")) {
            return label.substring(1, label.length() - 1).replace("''", "'");
        }
        return label;
    }
}
