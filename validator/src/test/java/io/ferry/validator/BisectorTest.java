package io.ferry.validator;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The bisection over two in-memory sides: it must find every differing row and compare only small ranges row by row. */
class BisectorTest {

    /** Two sides as sorted maps of id to value; counts what the bisection asks of them. */
    private static class FakePair implements Bisector.Pair {
        final NavigableMap<Long, String> source = new TreeMap<>();
        final NavigableMap<Long, String> target = new TreeMap<>();
        int hashes;
        final List<Long> rowDiffSizes = new ArrayList<>();

        private static NavigableMap<Long, String> in(NavigableMap<Long, String> side, KeyRange r) {
            NavigableMap<Long, String> m = side;
            if (r.lower() != null) {
                m = m.tailMap(Long.parseLong(r.lower().get(0)), true);
            }
            if (r.upper() != null) {
                m = m.headMap(Long.parseLong(r.upper().get(0)), false);
            }
            return m;
        }

        private static SegmentHash hash(Map<Long, String> rows) {
            BigInteger sum = BigInteger.ZERO;
            for (var e : rows.entrySet()) {
                sum = sum.add(BigInteger.valueOf(Objects.hash(e.getKey(), e.getValue()) & 0xffffffffL));
            }
            return new SegmentHash(rows.size(), sum);
        }

        @Override
        public SegmentHash[] hashBoth(KeyRange range) {
            hashes++;
            return new SegmentHash[] {hash(in(source, range)), hash(in(target, range))};
        }

        @Override
        public List<String> keyAt(boolean onSource, KeyRange range, long offset) {
            return in(onSource ? source : target, range).keySet().stream().skip(offset).findFirst().map(k -> List.of(Long.toString(k))).orElse(null);
        }

        @Override
        public List<Difference> rowDiff(KeyRange range) {
            NavigableMap<Long, String> s = in(source, range);
            NavigableMap<Long, String> t = in(target, range);
            rowDiffSizes.add((long) Math.max(s.size(), t.size()));
            List<Difference> out = new ArrayList<>();
            s.forEach((k, v) -> {
                if (!t.containsKey(k)) {
                    out.add(new Difference(Difference.Kind.MISSING, List.of(Long.toString(k)), List.of()));
                } else if (!t.get(k).equals(v)) {
                    out.add(new Difference(Difference.Kind.DIFFERS, List.of(Long.toString(k)), List.of(new Difference.ColumnDifference("v", v, t.get(k)))));
                }
            });
            t.keySet().stream().filter(k -> !s.containsKey(k))
                    .forEach(k -> out.add(new Difference(Difference.Kind.EXTRA, List.of(Long.toString(k)), List.of())));
            return out;
        }

        void fill(long n) {
            LongStream.rangeClosed(1, n).forEach(i -> {
                source.put(i, "v" + i);
                target.put(i, "v" + i);
            });
        }

        List<Difference> bisect(int rowDiffRows) throws Exception {
            SegmentHash[] h = hashBoth(KeyRange.ALL);
            return new Bisector(rowDiffRows).differences(this, KeyRange.ALL, h[0], h[1]);
        }
    }

    private static List<String> keysOf(List<Difference> d) {
        return d.stream().map(x -> x.kind() + ":" + x.key().get(0)).sorted().toList();
    }

    @Test
    void equalRangesAreNotCutAndNotComparedRowByRow() throws Exception {
        FakePair p = new FakePair();
        p.fill(10_000);
        assertThat(p.bisect(100)).isEmpty();
        assertThat(p.hashes).isEqualTo(1);
        assertThat(p.rowDiffSizes).isEmpty();
    }

    @Test
    void findsAMissingAnExtraAndAChangedRowComparingOnlySmallRangesRowByRow() throws Exception {
        FakePair p = new FakePair();
        p.fill(100_000);
        p.target.remove(17L);
        p.target.put(5_000_000L, "new");
        p.target.put(73_123L, "changed");
        List<Difference> d = p.bisect(100);
        assertThat(keysOf(d)).containsExactly("DIFFERS:73123", "EXTRA:5000000", "MISSING:17");
        assertThat(p.rowDiffSizes).isNotEmpty().allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(100));
        assertThat(p.hashes).as("a few levels of eight parts for each of three differences, not the whole table").isLessThan(3 * 8 * 5);
    }

    @Test
    void aRangeThatCannotBeCutAnyFurtherIsComparedRowByRow() throws Exception {
        FakePair p = new FakePair();
        p.source.put(1L, "a");
        p.target.put(1L, "b");
        p.source.put(2L, "c");
        p.target.put(2L, "c");
        assertThat(keysOf(p.bisect(1))).containsExactly("DIFFERS:1");
    }

    @Test
    void aSmallRangeThatDiffersMostlyEverywhereIsReadOnceInsteadOfCutFurther() throws Exception {
        FakePair p = new FakePair();
        p.fill(8_000);
        LongStream.rangeClosed(1, 8_000).filter(i -> i % 50 == 0).forEach(i -> p.target.put(i, "x"));
        List<Difference> d = p.bisect(100);
        assertThat(d).hasSize(160);
        assertThat(p.rowDiffSizes).containsExactly(8_000L);
    }

    @Test
    void aLargeRangeWhoseDifferingBucketsAreSmallIsComparedRowByRowWithoutCutting() throws Exception {
        FakePair p = new FakePair() {
            @Override
            public long rowsToCompare(KeyRange range, long rows) {
                return 80; // the pair knows the differing key buckets of the range hold 80 rows
            }
        };
        p.fill(10_000);
        p.target.put(4_321L, "changed");
        assertThat(keysOf(p.bisect(100))).containsExactly("DIFFERS:4321");
        assertThat(p.hashes).isEqualTo(1);
        assertThat(p.rowDiffSizes).containsExactly(10_000L);
    }

    @Test
    void cutsAtTheKeysOfTheSideWithMoreRows() throws Exception {
        FakePair p = new FakePair();
        LongStream.rangeClosed(1, 1000).forEach(i -> p.target.put(i, "v"));
        p.source.put(500L, "v");
        List<Difference> d = p.bisect(50);
        assertThat(d).hasSize(999).allSatisfy(x -> assertThat(x.kind()).isEqualTo(Difference.Kind.EXTRA));
    }
}
