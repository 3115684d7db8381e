package io.ferry.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.ferry.sandbox.Sandbox;
import io.ferry.validator.sql.RowHash;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL sums a segment per key bucket only once a segment of the table differed ({@link TablePair}): an equal
 * segment is summed whole, a differing one is summed per bucket afterwards, and the table's later segments per bucket
 * from the start. On real servers, each way finds the same differences, and the whole and per-bucket sums agree.
 */
class KeyBucketsByMismatchIT {

    private final Sandbox sandbox = Sandbox.shared();

    @Test
    void segmentsAreSummedPerBucketOnlyAfterAMismatchAndEachWayFindsTheSameRows() throws Exception {
        SandboxPair pair = SandboxPair.create(sandbox, "buckets_by_mismatch",
                List.of("CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR(20), at DATETIME(6))",
                        "INSERT INTO t SELECT seq, CONCAT('v', seq), TIMESTAMP('2024-01-01') + INTERVAL seq SECOND FROM seq_1_to_3000"),
                List.of("CREATE TABLE app.t (id bigint PRIMARY KEY, v varchar(20), at timestamp(6))",
                        "INSERT INTO app.t SELECT g, 'v' || g, timestamp '2024-01-01' + g * interval '1 second' FROM generate_series(1, 3000) g"));
        ValidatedTable table = pair.table("t");
        KeyRange first = new KeyRange(null, List.of("1001"));
        KeyRange second = new KeyRange(List.of("1001"), List.of("2001"));
        KeyRange third = new KeyRange(List.of("2001"), null);
        try (Connection pg = pair.target().open(); Statement s = pg.createStatement()) {
            s.execute("UPDATE app.t SET v = 'changed' WHERE id IN (1500, 2500)");
        }
        ExecutorService targetSide = Executors.newSingleThreadExecutor();
        try (Connection my = pair.source().open(); Connection pg = pair.target().open()) {
            RangeReader source = new RangeReader(pair.source(), table, RowHash.LOOKUP3);
            RangeReader target = new RangeReader(pair.target(), table, RowHash.LOOKUP3);

            // Summed whole, PostgreSQL gives no buckets; per bucket, the same total as whole and as the validator's.
            RangeReader.Hashed whole = target.hashKeepingRows(pg, first, 10_000, false);
            RangeReader.Hashed byBucket = target.hashKeepingRows(pg, first, 10_000, true);
            RangeReader.Hashed read = source.hashKeepingRows(my, first, 10_000, false);
            assertThat(whole.buckets()).isNull();
            assertThat(byBucket.buckets()).isNotNull();
            assertThat(whole.hash()).isEqualTo(byBucket.hash()).isEqualTo(read.hash());
            assertThat(whole.hash().rows()).isEqualTo(1000);
            assertThat(read.buckets().differing(target.buckets(pg, first))).isEmpty();

            AtomicBoolean bucketed = new AtomicBoolean();
            Bisector bisector = new Bisector(20_000);
            TablePair tables = new TablePair(source, target, my, pg, targetSide, new RateLimiter(0), 1000, bucketed);
            Checkpoint.SegmentVerdict equal = tables.check(first, bisector);
            assertThat(equal.differences()).isEmpty();
            assertThat(bucketed).as("an equal segment leaves the table summed whole").isFalse();

            Checkpoint.SegmentVerdict differs = tables.check(second, bisector);
            assertThat(bucketed).as("a differing segment makes the later ones per bucket").isTrue();
            Checkpoint.SegmentVerdict later = tables.check(third, bisector);
            assertThat(java.util.stream.Stream.of(differs, later).flatMap(v -> v.differences().stream()).toList())
                    .extracting(Difference::kind, d -> d.key().get(0), d -> d.columns().get(0).column())
                    .containsExactly(tuple(Difference.Kind.DIFFERS, "1500", "v"), tuple(Difference.Kind.DIFFERS, "2500", "v"));
            assertThat(later.sourceRows()).isEqualTo(1000);
            assertThat(later.targetRows()).isEqualTo(1000);
        } finally {
            targetSide.shutdownNow();
        }
    }
}
