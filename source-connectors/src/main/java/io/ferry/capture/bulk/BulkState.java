package io.ferry.capture.bulk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.jdbc.FerrySchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bulk load's record in the target's {@code ferry} schema: the load with its first cut, each table's chunk plan
 * and the secondary indexes set aside during the copy, and which chunks are done. A chunk's done mark is written in
 * the transaction that holds its rows ({@link #markDone}), so a crash leaves each chunk either wholly there and
 * marked, or wholly absent and unmarked. PostgreSQL SQL, as the whole bulk load's target side is (package-info).
 */
public final class BulkState {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> KEY = new TypeReference<>() { };

    /** The load as recorded: its first cut, and whether it finished. */
    public record Load(BulkCut cut, boolean finished) {
    }

    /** A table's planned chunk and whether it is done. */
    public record PlannedChunk(Chunk chunk, boolean done, long rows) {
    }

    private final String pipeline;

    public BulkState(String pipeline) {
        this.pipeline = pipeline;
    }

    public static void ensureSchema(Connection pg) throws SQLException {
        FerrySchema.ensure(pg,
                "CREATE TABLE IF NOT EXISTS ferry.bulk_loads (pipeline text PRIMARY KEY, cut_file text NOT NULL, "
                    + "cut_pos bigint NOT NULL, cut_gtids text, cut_method text NOT NULL, writes_blocked_ms bigint NOT NULL, started_at timestamptz NOT NULL DEFAULT now(), "
                    + "finished_at timestamptz)",
                "CREATE TABLE IF NOT EXISTS ferry.bulk_tables (pipeline text NOT NULL, source_table text NOT NULL, "
                    + "target_schema text NOT NULL, target_table text NOT NULL, planned_rows bigint NOT NULL, "
                    + "index_definitions text[] NOT NULL, copied_at timestamptz, PRIMARY KEY (pipeline, source_table))",
                "CREATE TABLE IF NOT EXISTS ferry.bulk_chunks (pipeline text NOT NULL, source_table text NOT NULL, "
                    + "chunk_no int NOT NULL, lower_key text, upper_key text, rows bigint, cut text, done_at timestamptz, "
                    + "PRIMARY KEY (pipeline, source_table, chunk_no))");
    }

    public Load load(Connection pg) throws SQLException {
        try (PreparedStatement ps = pg.prepareStatement("SELECT cut_file, cut_pos, cut_gtids, writes_blocked_ms, finished_at IS NOT NULL, cut_method "
                + "FROM ferry.bulk_loads WHERE pipeline = ?")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Load(new BulkCut(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(6)), rs.getBoolean(5));
            }
        }
    }

    /** Records a new load at its first cut (in the caller's transaction). */
    public void begin(Connection pg, BulkCut cut) throws SQLException {
        try (PreparedStatement ps = pg.prepareStatement("INSERT INTO ferry.bulk_loads (pipeline, cut_file, cut_pos, cut_gtids, cut_method, writes_blocked_ms) "
                + "VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, pipeline);
            ps.setString(2, cut.file());
            ps.setLong(3, cut.pos());
            ps.setString(4, cut.gtids());
            ps.setString(5, cut.method());
            ps.setLong(6, cut.writesBlockedMs());
            ps.executeUpdate();
        }
    }

    public void finish(Connection pg) throws SQLException {
        try (PreparedStatement ps = pg.prepareStatement("UPDATE ferry.bulk_loads SET finished_at = now() WHERE pipeline = ?")) {
            ps.setString(1, pipeline);
            ps.executeUpdate();
        }
    }

    /** Records a table's plan and the secondary indexes dropped for the copy (in the caller's transaction). */
    public void plan(Connection pg, BulkTable table, List<Chunk> chunks, long plannedRows, List<String> indexDefinitions) throws SQLException {
        try (PreparedStatement ps = pg.prepareStatement("INSERT INTO ferry.bulk_tables (pipeline, source_table, target_schema, "
                + "target_table, planned_rows, index_definitions) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, pipeline);
            ps.setString(2, table.source().toString());
            ps.setString(3, table.target().schema());
            ps.setString(4, table.target().table());
            ps.setLong(5, plannedRows);
            ps.setArray(6, pg.createArrayOf("text", indexDefinitions.toArray()));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = pg.prepareStatement("INSERT INTO ferry.bulk_chunks (pipeline, source_table, chunk_no, lower_key, upper_key) "
                + "VALUES (?, ?, ?, ?, ?)")) {
            for (Chunk c : chunks) {
                ps.setString(1, pipeline);
                ps.setString(2, table.source().toString());
                ps.setInt(3, c.no());
                ps.setString(4, json(c.lower()));
                ps.setString(5, json(c.upper()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Planned rows per table, in the order recorded; empty before the load was planned. */
    public Map<String, Long> plannedRows(Connection pg) throws SQLException {
        Map<String, Long> m = new LinkedHashMap<>();
        try (PreparedStatement ps = pg.prepareStatement("SELECT source_table, planned_rows FROM ferry.bulk_tables WHERE pipeline = ? ORDER BY source_table")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return m;
    }

    public List<PlannedChunk> chunks(Connection pg, TableId table) throws SQLException {
        List<PlannedChunk> list = new ArrayList<>();
        try (PreparedStatement ps = pg.prepareStatement("SELECT chunk_no, lower_key, upper_key, done_at IS NOT NULL, coalesce(rows, 0) "
                + "FROM ferry.bulk_chunks WHERE pipeline = ? AND source_table = ? ORDER BY chunk_no")) {
            ps.setString(1, pipeline);
            ps.setString(2, table.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new PlannedChunk(new Chunk(rs.getInt(1), key(rs.getString(2)), key(rs.getString(3))), rs.getBoolean(4), rs.getLong(5)));
                }
            }
        }
        return list;
    }

    /** Marks a chunk done with its row count and the cut it was read at, in the transaction that wrote its rows. */
    public void markDone(Connection pg, TableId table, int chunkNo, long rows, BulkCut cut) throws SQLException {
        try (PreparedStatement ps = pg.prepareStatement("UPDATE ferry.bulk_chunks SET done_at = now(), rows = ?, cut = ? "
                + "WHERE pipeline = ? AND source_table = ? AND chunk_no = ? AND done_at IS NULL")) {
            ps.setLong(1, rows);
            ps.setString(2, cut.describe());
            ps.setString(3, pipeline);
            ps.setString(4, table.toString());
            ps.setInt(5, chunkNo);
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("chunk " + chunkNo + " of " + table + " is not a pending chunk of pipeline " + pipeline
                        + ": another bulk load of this pipeline is running?");
            }
        }
    }

    /** The secondary indexes set aside for a table's copy, or null once the table is marked copied. */
    public List<String> pendingIndexes(Connection pg, TableId table) throws SQLException {
        try (PreparedStatement ps = pg.prepareStatement("SELECT index_definitions, copied_at IS NOT NULL FROM ferry.bulk_tables "
                + "WHERE pipeline = ? AND source_table = ?")) {
            ps.setString(1, pipeline);
            ps.setString(2, table.toString());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getBoolean(2)) {
                    return null;
                }
                return List.of((String[]) rs.getArray(1).getArray());
            }
        }
    }

    public void markTableCopied(Connection pg, TableId table) throws SQLException {
        try (PreparedStatement ps = pg.prepareStatement("UPDATE ferry.bulk_tables SET copied_at = now() WHERE pipeline = ? AND source_table = ?")) {
            ps.setString(1, pipeline);
            ps.setString(2, table.toString());
            ps.executeUpdate();
        }
    }

    /** Chunks marked done, per table: what tests count to prove no finished chunk is copied twice. */
    public Map<String, Integer> doneChunks(Connection pg) throws SQLException {
        Map<String, Integer> m = new LinkedHashMap<>();
        try (PreparedStatement ps = pg.prepareStatement("SELECT source_table, count(*) FILTER (WHERE done_at IS NOT NULL) "
                + "FROM ferry.bulk_chunks WHERE pipeline = ? GROUP BY source_table ORDER BY source_table")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return m;
    }

    private static String json(List<String> key) {
        try {
            return key == null ? null : JSON.writeValueAsString(key);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> key(String json) {
        try {
            return json == null ? null : JSON.readValue(json, KEY);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a chunk bound in ferry.bulk_chunks is not a JSON list: " + json, e);
        }
    }
}
