package io.ferry.orchestrator.schema;

import io.ferry.core.schema.TableId;

/**
 * A secondary unique index of the source, which the target carries as a plain index while changes stream and makes
 * unique once the target is drained. Rows are applied per key, and a batch keeps only a key's last change, so a
 * source transaction that swaps two rows' values through a temporary one would leave the target briefly (or, with
 * the intermediate change collapsed away, always) with two rows holding one value: a unique index there would
 * refuse the change and the rows would never converge. Target names (unquoted) throughout.
 *
 * @param schema     the target schema
 * @param table      the target table
 * @param name       the index's name on the target, the same as a plain and as a unique index
 * @param definition what follows {@code ON schema.table}: {@code ("email")}, or for a PostgreSQL source
 *                   {@code USING btree (lower(email)) WHERE ...}
 */
public record UniqueIndex(String schema, String table, String name, String definition) {

    /** The suffix of the name the unique index is built under before it takes the plain one's place. */
    static final String BUILD_SUFFIX = "_ferry_unique";

    public TableId tableId() {
        return TableId.of(schema, table);
    }

    /** {@code schema.table} quoted. */
    public String qualifiedTable() {
        return SchemaPlanner.quote(schema) + "." + SchemaPlanner.quote(table);
    }

    /** Before the copy: the plain index, so that lookups are as fast as they will be and nothing refuses a swap. */
    public String createPlain() {
        // PostgreSQL 15's NULLS NOT DISTINCT is for unique indexes only; it comes back with the unique one.
        return "CREATE INDEX IF NOT EXISTS " + SchemaPlanner.quote(name) + " ON " + qualifiedTable() + " "
                + definition.replace(" NULLS NOT DISTINCT", "");
    }

    /** The name the unique index is built under; within PostgreSQL's 63 bytes. */
    String buildName() {
        return PgIdentifiers.shorten(name + BUILD_SUFFIX);
    }

    /**
     * After the drain: one statement, one transaction, that does nothing when the index is unique already (a rerun
     * after a crash or an earlier cutover), and otherwise builds the unique index under {@link #buildName()} (reads
     * go on meanwhile; writes to the table wait), drops the plain one and gives the new one its name. Fails with
     * SQLState 23505, naming a duplicated value, when the rows break the key; then nothing changed.
     */
    public String makeUnique() {
        String s = SchemaPlanner.quote(schema);
        return "DO $ferry$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                + "JOIN pg_namespace n ON n.oid = i.relnamespace WHERE n.nspname = " + SchemaPlanner.literal(schema) + " AND i.relname = "
                + SchemaPlanner.literal(name) + " AND x.indisunique) THEN "
                + "DROP INDEX IF EXISTS " + s + "." + SchemaPlanner.quote(buildName()) + "; "
                + "CREATE UNIQUE INDEX " + SchemaPlanner.quote(buildName()) + " ON " + qualifiedTable() + " " + definition + "; "
                + "DROP INDEX IF EXISTS " + s + "." + SchemaPlanner.quote(name) + "; "
                + "ALTER INDEX " + s + "." + SchemaPlanner.quote(buildName()) + " RENAME TO " + SchemaPlanner.quote(name) + "; "
                + "END IF; END $ferry$";
    }

    /** For people: {@code schema.table index name (definition)}. */
    public String describe() {
        return "unique index " + name + " on " + schema + "." + table + " " + definition;
    }
}
