package io.ferry.apply.jdbc;

import io.ferry.core.schema.TableId;
import io.ferry.apply.dialect.TargetDialect;
import io.ferry.apply.dialect.TargetTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads target tables' columns and primary keys from the target's catalog (through its dialect), once per table. */
public final class TargetCatalog {

    private final TargetDialect dialect;
    private final String targetSchema;
    private final Map<TableId, TargetTable> cache = new HashMap<>();

    /** @param targetSchema the schema that source tables land in, or null to keep the source schema name */
    public TargetCatalog(TargetDialect dialect, String targetSchema) {
        this.dialect = dialect;
        this.targetSchema = targetSchema;
    }

    /** The dialect of the target this catalog reads. */
    public TargetDialect dialect() {
        return dialect;
    }

    /** The target table for a source table; a missing table or one without a primary key is an error. */
    public TargetTable table(Connection c, TableId source) throws SQLException {
        TargetTable t = cache.get(source);
        if (t == null) {
            t = load(c, targetId(source));
            cache.put(source, t);
        }
        return t;
    }

    /** The target table's name for a source table. */
    public TableId targetId(TableId source) {
        return TableId.of(targetSchema == null ? source.schema() : targetSchema, dialect.targetName(source.table()));
    }

    /** Forgets what was read of a table: its shape changed (a schema change was applied, or a row did not fit). */
    public void forget(TableId source) {
        cache.remove(source);
    }

    private TargetTable load(Connection c, TableId id) throws SQLException {
        Map<String, String> columns = dialect.columns(c, id);
        if (columns.isEmpty()) {
            throw new TargetSchemaException("target table " + id + " does not exist; create it before applying (ferry schema --apply)");
        }
        List<String> pk = dialect.primaryKey(c, id);
        if (pk.isEmpty()) {
            throw new TargetSchemaException("target table " + id + " has no primary key; upserts need one");
        }
        String refusal = dialect.refusal(c, id);
        if (refusal != null) {
            throw new TargetSchemaException(refusal);
        }
        return new TargetTable(id, columns, pk, dialect.generatedColumns(c, id));
    }
}
