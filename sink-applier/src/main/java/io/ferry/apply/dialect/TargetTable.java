package io.ferry.apply.dialect;

import io.ferry.core.schema.TableId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A target table as the applier needs it: column types (as {@code format_type} spells them, for
 * casts), the primary key, which is the conflict target of upserts, and the generated columns,
 * which the target computes itself and which upserts therefore leave out.
 */
public record TargetTable(TableId id, Map<String, String> columnTypes, List<String> primaryKey, Set<String> generated) {

    public TargetTable {
        columnTypes = Map.copyOf(columnTypes);
        primaryKey = List.copyOf(primaryKey);
        generated = Set.copyOf(generated);
    }

    public TargetTable(TableId id, Map<String, String> columnTypes, List<String> primaryKey) {
        this(id, columnTypes, primaryKey, Set.of());
    }

    /** The columns of a change's row image that an upsert writes, in the image's order. */
    public List<String> writable(Collection<String> imageColumns) {
        return imageColumns.stream().filter(c -> !generated.contains(c)).toList();
    }

    public boolean hasColumn(String name) {
        return columnTypes.containsKey(name);
    }
}
