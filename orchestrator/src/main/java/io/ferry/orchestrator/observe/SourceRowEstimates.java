package io.ferry.orchestrator.observe;

import io.ferry.capture.engine.SourceEngines;
import io.ferry.capture.SourceTables;
import io.ferry.core.config.SourceConfig;
import io.ferry.core.config.SourceKind;
import io.ferry.core.schema.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many rows each source table has, for the copy's progress and ETA: the catalog's estimate, or an exact count
 * for a small table (where estimates are often 0 right after a load and a count costs nothing).
 */
public final class SourceRowEstimates {

    private static final long COUNT_BELOW = 200_000;

    private SourceRowEstimates() {
    }

    public static Map<TableId, Long> read(SourceConfig source, List<TableId> tables) throws SQLException {
        Map<TableId, Long> out = new TreeMap<>();
        try (Connection c = SourceTables.connect(source)) {
            for (TableId t : tables) {
                long estimate = estimate(c, source.kind(), t);
                out.put(t, estimate < COUNT_BELOW ? count(c, source.kind(), t) : estimate);
            }
        }
        return out;
    }

    private static long estimate(Connection c, SourceKind kind, TableId t) throws SQLException {
        return SourceEngines.of(kind).rowEstimate(c, t);
    }

    private static long count(Connection c, SourceKind kind, TableId t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + SourceEngines.of(kind).qualified(t));
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
