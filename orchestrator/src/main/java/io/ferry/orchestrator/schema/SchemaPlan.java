package io.ferry.orchestrator.schema;

import io.ferry.core.schema.TableId;
import java.util.List;
import java.util.Map;

/**
 * The target DDL for a source schema, in two sections: what must exist before the copy (schema,
 * tables with primary keys and CHECKs, indexes) and what is created after the final drain
 * (sequences for auto-increment columns, foreign keys as NOT VALID then VALIDATE), because rows are
 * applied per table and partition, not in source transaction order.
 *
 * @param tables     per target table, its planned columns and their types as
 *                   PostgreSQL's {@code format_type} spells them, to detect a differing existing table
 * @param findings   what a reviewer should look at (mappings with caveats, checks not carried, tables
 *                   without a key); never silent
 */
public record SchemaPlan(String targetSchema, List<String> beforeCopy, List<String> afterDrain,
        Map<TableId, Map<String, String>> tables, List<String> findings) {

    public SchemaPlan {
        beforeCopy = List.copyOf(beforeCopy);
        afterDrain = List.copyOf(afterDrain);
        tables = Map.copyOf(tables);
        findings = List.copyOf(findings);
    }

    /** The reviewable SQL file. */
    public String toSql() {
        StringBuilder sb = new StringBuilder();
        sb.append("-- Ferry schema plan for target schema ").append(targetSchema).append('\n');
        for (String f : findings) {
            sb.append("-- FINDING: ").append(f).append('\n');
        }
        sb.append("\n-- Section 1: before the copy\n\n");
        beforeCopy.forEach(s -> sb.append(s).append(";\n\n"));
        sb.append("-- Section 2: after the final drain (ferry schema --apply --after-drain)\n\n");
        afterDrain.forEach(s -> sb.append(s).append(";\n\n"));
        return sb.toString();
    }
}
