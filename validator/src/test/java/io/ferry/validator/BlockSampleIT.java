package io.ferry.validator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.sandbox.Sandbox;
import io.ferry.validator.sql.RowHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL side samples the plan's keys by block ({@code TABLESAMPLE SYSTEM}, one row per block), so that the
 * sample reads only those blocks; with a MySQL source the validator samples the target when its catalog counts about
 * as many rows, and MariaDB then reads each row once, for the segments. On real servers: the keys come in key order,
 * about as many as wanted, and the segments cut from them stay balanced on keys with a large gap and on a table whose
 * order on disk is not its key's.
 */
class BlockSampleIT {

    private static final int ROWS = 60_000;
    private static final int SEGMENT_ROWS = 6_000;

    private final Sandbox sandbox = Sandbox.shared();

    @Test
    void aPostgresTargetSamplesTheKeysByBlockAndTheSegmentsCutFromThemStayBalanced() throws Exception {
        // Rows of about 260 bytes (about 2,000 blocks on PostgreSQL), half the keys past a large gap, written to
        // PostgreSQL in random order.
        SandboxPair pair = SandboxPair.create(sandbox, "block_sample",
                List.of("CREATE TABLE t (id BIGINT PRIMARY KEY, pad VARCHAR(300))",
                        "INSERT INTO t SELECT IF(seq <= 30000, seq, 1000000000 + seq * 1000), REPEAT('x', 250) FROM seq_1_to_" + ROWS,
                        "ANALYZE TABLE t"),
                List.of("CREATE TABLE app.t (id bigint PRIMARY KEY, pad varchar(300))",
                        "INSERT INTO app.t SELECT CASE WHEN g <= 30000 THEN g ELSE 1000000000 + g * 1000 END, repeat('x', 250)"
                                + " FROM generate_series(1, " + ROWS + ") g ORDER BY random()",
                        "VACUUM ANALYZE app.t"));
        ValidatedTable table = pair.table("t");
        RangeReader target = new RangeReader(pair.target(), table, RowHash.LOOKUP3);
        // 32 keys per segment of 6,000 rows: 320 keys, from about one block in six.
        double fraction = 32.0 * (ROWS / SEGMENT_ROWS) / ROWS;
        try (Connection pg = pair.target().open()) {
            assertThat(target.sampleQuery(pg, fraction).sql()).contains("TABLESAMPLE SYSTEM");
            // Keys from more than a quarter of the blocks: a sample of every row, as the block sample would read about as much.
            assertThat(target.sampleQuery(pg, 0.5).sql()).contains("TABLESAMPLE BERNOULLI");
            List<List<String>> keys = new ArrayList<>();
            target.sample(pg, fraction, keys::add);
            assertThat(keys).hasSizeBetween(200, 450);
            assertThat(keys).isSortedAccordingTo(Comparator.comparing(k -> Long.parseLong(k.get(0))));
            assertThat(keys).anySatisfy(k -> assertThat(Long.parseLong(k.get(0))).isLessThanOrEqualTo(30_000))
                    .anySatisfy(k -> assertThat(Long.parseLong(k.get(0))).isGreaterThan(1_000_000_000L));
        }

        ValidationReport report;
        long read;
        try (Connection my = pair.source().open()) {
            long before = innodbRowsRead(my);
            try (Validator v = new Validator(pair.source(), pair.target(), ValidationOptions.DEFAULTS.withSegmentRows(SEGMENT_ROWS), null)) {
                report = v.run(List.of(table));
            }
            read = innodbRowsRead(my) - before;
        }
        TableReport t = report.tables().get(0);
        assertThat(t.status()).as(report.text()).isEqualTo(TableReport.Status.EQUAL);
        assertThat(t.sourceRows()).isEqualTo(ROWS);
        // A sample on the source would have read every row once more.
        assertThat(read).as("rows MariaDB read").isLessThan(ROWS * 3L / 2);
        assertThat(t.segments()).hasSizeBetween(6, 15);
        try (Connection my = pair.source().open()) {
            for (KeyRange range : t.segments()) {
                assertThat(rows(my, range)).as("rows of %s", range).isBetween((long) SEGMENT_ROWS / 5, 3L * SEGMENT_ROWS);
            }
        }
    }

    private static long innodbRowsRead(Connection my) throws SQLException {
        try (Statement s = my.createStatement(); ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Rows_read'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    private static long rows(Connection my, KeyRange range) throws SQLException {
        String sql = "SELECT COUNT(*) FROM t WHERE " + (range.lower() == null ? "TRUE" : "id >= ?") + " AND " + (range.upper() == null ? "TRUE" : "id < ?");
        try (PreparedStatement ps = my.prepareStatement(sql)) {
            int i = 1;
            if (range.lower() != null) {
                ps.setLong(i++, Long.parseLong(range.lower().get(0)));
            }
            if (range.upper() != null) {
                ps.setLong(i, Long.parseLong(range.upper().get(0)));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
