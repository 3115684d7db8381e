package io.ferry.apply.jdbc;

import io.ferry.core.schema.TableId;
import java.util.List;
import java.util.Map;

/**
 * A target table as the applier needs it: column types (as {@code format_type} spells them, for
 * casts) and the primary key, which is the conflict target of upserts.
 */
public record TargetTable(TableId id, Map<String, String> columnTypes, List<String> primaryKey) {

    public TargetTable {
        columnTypes = Map.copyOf(columnTypes);
        primaryKey = List.copyOf(primaryKey);
    }

    public boolean hasColumn(String name) {
        return columnTypes.containsKey(name);
    }
}
