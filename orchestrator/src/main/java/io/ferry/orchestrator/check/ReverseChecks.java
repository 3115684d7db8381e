package io.ferry.orchestrator.check;

import io.ferry.apply.dialect.MySqlTargetDialect;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.TargetNames;
import io.ferry.core.schema.jdbc.PostgresCatalog;
import io.ferry.core.schema.mapping.MySqlColumn;
import io.ferry.core.schema.mapping.ReverseTypes;
import io.ferry.core.schema.mapping.TypeMapper;
import io.ferry.orchestrator.schema.MySqlTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What keeps a source table from being the target of reverse replication ({@code cutover.reverse.enabled};
 * docs/rollback.md), reported by {@code ferry check} before any cutover (the cutover's {@code reverse-replication} step
 * refuses the same tables): no primary key, a unique index besides it (on which {@code ON DUPLICATE KEY UPDATE} could
 * update another row), a name the target had to shorten, and a target column no longer of the type the forward mapping
 * gives (its values could not all go back).
 */
public final class ReverseChecks {

    private ReverseChecks() {
    }

    /** Reads the target's columns of each table and checks. */
    public static List<Finding> run(Connection target, String targetSchema, List<MySqlTable> tables, TypeMapper mapper) throws SQLException {
        Map<TableId, Map<String, String>> columns = new LinkedHashMap<>();
        for (MySqlTable t : tables) {
            TableId id = TableId.of(targetSchema, TargetNames.shorten(t.id().table()));
            columns.put(t.id(), PostgresCatalog.columns(target, id));
        }
        return of(tables, mapper, t -> columns.getOrDefault(t, Map.of()));
    }

    /**
     * @param targetColumns the target's columns (name to {@code format_type}) of a source table, empty when not created yet
     */
    public static List<Finding> of(List<MySqlTable> tables, TypeMapper mapper, Function<TableId, Map<String, String>> targetColumns) {
        List<Finding> findings = new ArrayList<>();
        for (MySqlTable t : tables) {
            String subject = t.id().toString();
            if (t.primaryKey().isEmpty()) {
                findings.add(Finding.error("reverse.no-primary-key", subject,
                        "has no primary key: reverse replication cannot write it back; give it one or leave it out of the pipeline"));
            }
            Map<String, List<String>> unique = new LinkedHashMap<>();
            t.indexes().stream().filter(MySqlTable.Index::unique).forEach(i -> unique.put(i.name(), i.columns()));
            String problem = MySqlTargetDialect.secondaryUniqueIndexProblem(t.id(), unique);
            if (problem != null) {
                findings.add(Finding.error("reverse.unique-index", subject, problem));
            }
            if (!TargetNames.shorten(t.id().table()).equals(t.id().table())) {
                findings.add(Finding.error("reverse.name-shortened", subject, "its name is longer than PostgreSQL allows, so the target "
                        + "table is named " + TargetNames.shorten(t.id().table()) + "; reverse replication does not map it back yet"));
            }
            Map<String, String> target = targetColumns.apply(t.id());
            for (MySqlColumn c : t.columns()) {
                String type = target.get(TargetNames.shorten(c.name()));
                if (type == null || c.generated()) {
                    continue;
                }
                String wrong = ReverseTypes.problem(mapper, t.id(), c, type);
                if (wrong != null) {
                    findings.add(Finding.error("reverse.type", subject + "." + c.name(), wrong));
                }
            }
        }
        return findings;
    }
}
