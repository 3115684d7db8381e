package io.ferry.apply.jdbc;

import io.ferry.apply.ApplyBatch;
import io.ferry.apply.PartitionKey;
import io.ferry.apply.PartitionMembership;
import io.ferry.apply.dialect.TargetDialect;
import io.ferry.apply.dialect.TargetTable;
import io.ferry.core.event.ChangeEventCodec;
import io.ferry.core.value.LogicalType;
import io.ferry.core.value.jdbc.CanonicalReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a batch's truncate markers inside the batch's transaction. All partitions of a table at once is
 * a plain DELETE; otherwise only the rows whose key the producer would send to a marked partition go, which
 * means reading the target's keys (rare: a source TRUNCATE or a snapshot run again).
 */
final class TruncateMarkers {

    private static final Logger LOG = LoggerFactory.getLogger(TruncateMarkers.class);

    private final TargetCatalog catalog;
    private final PartitionMembership membership;

    TruncateMarkers(TargetCatalog catalog, PartitionMembership membership) {
        this.catalog = catalog;
        this.membership = membership;
    }

    void apply(Connection c, ApplyBatch batch) throws SQLException {
        for (var e : batch.truncations().entrySet()) {
            TargetTable t = catalog.table(c, e.getKey());
            TargetDialect dialect = catalog.dialect();
            Set<PartitionKey> parts = e.getValue();
            String topic = parts.iterator().next().topic();
            if (parts.size() >= membership.partitionCount(topic)) {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("DELETE FROM " + dialect.qualified(t.id()));
                }
                continue;
            }
            List<Map<String, String>> doomed = new ArrayList<>();
            String sql = "SELECT " + t.primaryKey().stream().map(dialect::quote).collect(Collectors.joining(", "))
                    + " FROM " + dialect.qualified(t.id());
            List<LogicalType> types = t.primaryKey().stream().map(k -> dialect.logicalType(t.columnTypes().get(k))).toList();
            try (Statement s = c.createStatement()) {
                s.setFetchSize(10_000);
                try (ResultSet rs = s.executeQuery(sql)) {
                    while (rs.next()) {
                        Map<String, String> key = new LinkedHashMap<>();
                        for (int i = 0; i < types.size(); i++) {
                            key.put(t.primaryKey().get(i), CanonicalReader.read(rs, i + 1, types.get(i), dialect.valueEngine()));
                        }
                        byte[] bytes = ChangeEventCodec.encodeKey(key);
                        if (parts.stream().anyMatch(p -> membership.belongs(p, bytes))) {
                            doomed.add(key);
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(dialect.delete(t))) {
                for (Map<String, String> key : doomed) {
                    int i = 1;
                    for (String col : t.primaryKey()) {
                        String v = key.get(col);
                        if (v == null) {
                            ps.setNull(i++, Types.VARCHAR);
                        } else {
                            ps.setString(i++, v);
                        }
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            LOG.info("truncate marker for {} on {}: removed {} rows", t.id(), parts, doomed.size());
        }
    }
}
