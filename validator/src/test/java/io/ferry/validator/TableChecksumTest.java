package io.ferry.validator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableChecksumTest {

    @Test
    void emptyTableHasNoRowsAndZeroSum() {
        assertThat(TableChecksum.EMPTY.rows()).isZero();
        assertThat(TableChecksum.EMPTY.sum()).isZero();
        assertThat(TableChecksum.EMPTY.hex()).isEqualTo("0000000000000000");
    }

    @Test
    void eachRowAddsOneToTheCountAndItsHashToTheSum() {
        TableChecksum c = TableChecksum.EMPTY.plus(5).plus(7);

        assertThat(c).isEqualTo(new TableChecksum(2, 12));
    }

    @Test
    void sumDoesNotDependOnRowOrder() {
        RowDigest digest = new RowDigest();
        List<Long> hashes = List.of(
                digest.hash(List.of("1", "alice")),
                digest.hash(List.of("2", "bob")),
                digest.hash(List.of("3", "carol")),
                digest.hash(List.of("4", "")));

        TableChecksum forward = TableChecksum.EMPTY;
        for (long h : hashes) {
            forward = forward.plus(h);
        }
        TableChecksum backward = TableChecksum.EMPTY;
        for (int i = hashes.size() - 1; i >= 0; i--) {
            backward = backward.plus(hashes.get(i));
        }
        TableChecksum shuffled = TableChecksum.EMPTY.plus(hashes.get(2)).plus(hashes.get(0)).plus(hashes.get(3)).plus(hashes.get(1));

        assertThat(backward).isEqualTo(forward);
        assertThat(shuffled).isEqualTo(forward);
        assertThat(forward.rows()).isEqualTo(4);
    }

    @Test
    void sumWrapsModuloTwoToTheSixtyFour() {
        TableChecksum c = TableChecksum.EMPTY.plus(Long.MAX_VALUE).plus(1);

        assertThat(c.sum()).isEqualTo(Long.MIN_VALUE);
        assertThat(c.hex()).isEqualTo("8000000000000000");

        TableChecksum full = TableChecksum.EMPTY.plus(-1L).plus(1);
        assertThat(full.sum()).isZero();
        assertThat(full.rows()).isEqualTo(2);
    }

    @Test
    void hexIsSixteenLowerCaseDigitsOfTheUnsignedSum() {
        assertThat(new TableChecksum(1, 0xABCL).hex()).isEqualTo("0000000000000abc");
        assertThat(new TableChecksum(1, -1L).hex()).isEqualTo("ffffffffffffffff");
    }

    @Test
    void duplicateRowsAreNotCancelledOut() {
        // A sum (unlike XOR) keeps two copies of a row distinct from none.
        long h = new RowDigest().hash(List.of("1"));

        assertThat(TableChecksum.EMPTY.plus(h).plus(h).sum()).isNotZero();
        assertThat(TableChecksum.EMPTY.plus(h).plus(h)).isNotEqualTo(TableChecksum.EMPTY.plus(h));
    }
}
