package io.ferry.validator;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class KeyBucketsTest {

    @Test
    void sumsAddUpExactlyAndMatchTheDatabasesSums() {
        KeyBuckets here = new KeyBuckets();
        here.add(3, Long.MIN_VALUE);
        here.add(3, -1);
        here.add(3, Long.MAX_VALUE);
        here.add(200, 42);
        KeyBuckets there = new KeyBuckets();
        there.set(3, 3, BigInteger.valueOf(Long.MIN_VALUE).add(BigInteger.valueOf(-1)).add(BigInteger.valueOf(Long.MAX_VALUE)));
        there.set(200, 1, BigInteger.valueOf(42));
        assertThat(here.differing(there)).isEmpty();
        assertThat(here.total()).isEqualTo(new SegmentHash(4, BigInteger.valueOf(40)));
        assertThat(there.total()).isEqualTo(here.total());
    }

    @Test
    void namesTheBucketsThatDiffer() {
        KeyBuckets a = new KeyBuckets();
        KeyBuckets b = new KeyBuckets();
        a.add(1, 10);
        b.add(1, 11);
        a.add(7, 5);
        b.add(7, 5);
        b.add(255, 0); // a row on one side only, whose hash is 0
        assertThat(a.differing(b)).containsExactly(1, 255);
        assertThat(KeyBuckets.of(-1)).isEqualTo(255);
        assertThat(KeyBuckets.of(256 + 9)).isEqualTo(9);
    }

    @Test
    void keptRowsOfSomeBucketsOnly() {
        KeptRows rows = new KeptRows(10, io.ferry.validator.sql.RowHash.LOOKUP3);
        rows.add(java.util.List.of("1"), 0x0123456789abcdefL, 0, 4);
        rows.add(java.util.List.of("2"), -1, 0, 9);
        assertThat(rows.byKey(new int[] {9})).containsExactly(java.util.Map.entry(java.util.List.of("2"), "ffffffffffffffff"));
        assertThat(rows.byKey()).hasSize(2).containsEntry(java.util.List.of("1"), "0123456789abcdef");
    }
}
