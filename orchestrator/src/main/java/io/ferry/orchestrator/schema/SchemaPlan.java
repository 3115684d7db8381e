package io.ferry.orchestrator.schema;

import io.ferry.core.schema.TableId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The target DDL for a source schema, in sections: what must exist before the copy (schema, tables
 * with primary keys and CHECKs, indexes, secondary unique indexes as plain ones), and what is created
 * after the final drain, because rows are applied per table and partition, not in source transaction
 * order. The after-drain part comes as four lists that a cutover runs at different moments (sequences,
 * unique indexes and foreign keys NOT VALID during the freeze, VALIDATE after the flip);
 * {@code ferry schema --apply-after-drain} runs them one after the other. Every statement of every list
 * may run again without failing.
 *
 * @param sequences            after the drain: sequences and identities for auto-increment, serial and identity
 *                             columns, each continuing after the highest copied value
 * @param uniqueIndexes        after the drain: secondary unique indexes, carried as plain indexes while streaming (a
 *                             swap of unique values would otherwise never converge, see {@link UniqueIndex}) and
 *                             made unique here, before the foreign keys that may need them
 * @param foreignKeysNotValid  after the drain: every foreign key added {@code NOT VALID} (no scan of the rows), unless
 *                             it exists already
 * @param validations          after the flip: {@code VALIDATE CONSTRAINT} for each foreign key (a no-op once valid)
 * @param tables               per target table, its planned columns and their types as PostgreSQL's
 *                             {@code format_type} spells them, to detect a differing existing table
 * @param findings             what a reviewer should look at (mappings with caveats, checks or foreign keys not carried,
 *                             tables without a key); never silent
 * @param foreignKeysNotPlanned the foreign keys left out, also among the findings, for {@code ferry check} to report
 */
public record SchemaPlan(String targetSchema, List<String> beforeCopy, List<String> sequences,
        List<UniqueIndex> uniqueIndexes, List<String> foreignKeysNotValid, List<String> validations, Map<TableId, Map<String, String>> tables,
        List<String> findings, List<NotPlanned> foreignKeysNotPlanned) {

    /** Something the plan leaves out: what ({@code db.table.constraint}) and why. */
    public record NotPlanned(String subject, String reason) {
    }

    /** The command that runs the after-drain sections; named in the plan file. */
    public static final String AFTER_DRAIN_COMMAND = "ferry schema -c <pipeline.yaml> --apply-after-drain";

    public SchemaPlan {
        beforeCopy = List.copyOf(beforeCopy);
        sequences = List.copyOf(sequences);
        uniqueIndexes = List.copyOf(uniqueIndexes);
        foreignKeysNotValid = List.copyOf(foreignKeysNotValid);
        validations = List.copyOf(validations);
        tables = Map.copyOf(tables);
        findings = List.copyOf(findings);
        foreignKeysNotPlanned = List.copyOf(foreignKeysNotPlanned);
    }

    /** Everything after the drain, in the order {@code --apply-after-drain} runs it. */
    public List<String> afterDrain() {
        List<String> all = new ArrayList<>(sequences);
        all.addAll(uniqueIndexStatements());
        all.addAll(foreignKeysNotValid);
        all.addAll(validations);
        return all;
    }

    /** The statements that make the secondary unique indexes unique, one per index. */
    public List<String> uniqueIndexStatements() {
        return uniqueIndexes.stream().map(UniqueIndex::makeUnique).toList();
    }

    /** The reviewable SQL file. */
    public String toSql() {
        StringBuilder sb = new StringBuilder();
        sb.append("-- Ferry schema plan for target schema ").append(targetSchema).append('\n');
        for (String f : findings) {
            sb.append("-- FINDING: ").append(f).append('\n');
        }
        sb.append("\n-- Section 1: before the copy (ferry schema -c <pipeline.yaml> --apply)\n\n");
        beforeCopy.forEach(s -> sb.append(s).append(";\n\n"));
        sb.append("-- Section 2: after the final drain (").append(AFTER_DRAIN_COMMAND).append(" runs 2a to 2d in this order;\n")
                .append("-- each statement may run again)\n\n");
        sb.append("-- Section 2a: sequences and identities\n\n");
        sequences.forEach(s -> sb.append(s).append(";\n\n"));
        sb.append("-- Section 2b: secondary unique indexes made unique (plain indexes while changes stream)\n\n");
        uniqueIndexes.forEach(u -> sb.append("-- ").append(u.describe()).append('\n').append(u.makeUnique()).append(";\n\n"));
        sb.append("-- Section 2c: foreign keys, NOT VALID (no scan of the rows)\n\n");
        foreignKeysNotValid.forEach(s -> sb.append(s).append(";\n\n"));
        sb.append("-- Section 2d: foreign keys validated (in a cutover, after the flip)\n\n");
        validations.forEach(s -> sb.append(s).append(";\n\n"));
        return sb.toString();
    }
}
