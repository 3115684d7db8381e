package io.ferry.validator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowDigestTest {

    private final RowDigest digest = new RowDigest();

    @Test
    void sameValuesGiveTheSameHash() {
        long a = digest.hash(List.of("1", "alice", "2024-03-10 07:30:00.5Z"));
        long b = digest.hash(List.of("1", "alice", "2024-03-10 07:30:00.5Z"));

        assertThat(a).isEqualTo(b);
        assertThat(new RowDigest().hash(List.of("1", "alice", "2024-03-10 07:30:00.5Z"))).isEqualTo(a);
    }

    @Test
    void aDigestCanBeReusedWithoutCarryingStateOver() {
        long first = digest.hash(List.of("x"));
        digest.hash(List.of("something", "else"));

        assertThat(digest.hash(List.of("x"))).isEqualTo(first);
    }

    @Test
    void nullAndEmptyStringHashDifferently() {
        assertThat(digest.hash(Arrays.asList((String) null))).isNotEqualTo(digest.hash(List.of("")));
        assertThat(digest.hash(Arrays.asList("1", null))).isNotEqualTo(digest.hash(List.of("1", "")));
    }

    @Test
    void columnOrderMatters() {
        assertThat(digest.hash(List.of("a", "b"))).isNotEqualTo(digest.hash(List.of("b", "a")));
        assertThat(digest.hash(Arrays.asList(null, "a"))).isNotEqualTo(digest.hash(Arrays.asList("a", null)));
    }

    @Test
    void valueBoundariesAreUnambiguous() {
        assertThat(digest.hash(List.of("ab", "c"))).isNotEqualTo(digest.hash(List.of("a", "bc")));
        assertThat(digest.hash(List.of("abc"))).isNotEqualTo(digest.hash(List.of("ab", "c")));
        assertThat(digest.hash(List.of("", "a"))).isNotEqualTo(digest.hash(List.of("a", "")));
    }

    @Test
    void theNumberOfNullColumnsMatters() {
        assertThat(digest.hash(Arrays.asList((String) null))).isNotEqualTo(digest.hash(Arrays.asList(null, null)));
        assertThat(digest.hash(List.of())).isNotEqualTo(digest.hash(Arrays.asList((String) null)));
    }

    @Test
    void aValueThatLooksLikeTheEncodingOfAnotherStillDiffers() {
        // "a" followed by a NULL marker byte, versus "a" then a real NULL column.
        assertThat(digest.hash(List.of("a\0"))).isNotEqualTo(digest.hash(Arrays.asList("a", null)));
    }

    @Test
    void nonAsciiTextHashesByItsUtf8Bytes() {
        assertThat(digest.hash(List.of("größe"))).isEqualTo(digest.hash(List.of(new String("größe".toCharArray()))));
        assertThat(digest.hash(List.of("größe"))).isNotEqualTo(digest.hash(List.of("grosse")));
    }

    @Test
    void hashIsTheFirstEightBytesOfSha256BigEndian() throws Exception {
        // One column "a": marker 1, length 00 00 00 01, then 'a'.
        byte[] encoded = {1, 0, 0, 0, 1, 'a'};
        byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(encoded);
        long expected = java.nio.ByteBuffer.wrap(sha, 0, 8).getLong();

        assertThat(digest.hash(List.of("a"))).isEqualTo(expected);
    }
}
