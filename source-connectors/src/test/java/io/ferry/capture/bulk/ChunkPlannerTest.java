package io.ferry.capture.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ChunkPlannerTest {

    private static List<List<String>> ints(long... keys) {
        return LongStream.of(keys).mapToObj(k -> List.of(Long.toString(k))).collect(Collectors.toList());
    }

    @Test
    void anEmptyTableIsOneUnboundedChunk() {
        assertThat(ChunkPlanner.plan(List.<List<String>>of().iterator(), 10)).containsExactly(new Chunk(0, null, null));
    }

    @Test
    void aOneRowTableIsOneUnboundedChunk() {
        assertThat(ChunkPlanner.plan(ints(42).iterator(), 10)).containsExactly(new Chunk(0, null, null));
    }

    @Test
    void exactlyChunkRowsKeysMakeOneChunk() {
        assertThat(ChunkPlanner.plan(ints(1, 2, 3).iterator(), 3)).hasSize(1);
    }

    @Test
    void splitsEveryChunkRowsKeysWhateverTheGapsBetweenThem() {
        List<Chunk> chunks = ChunkPlanner.plan(ints(1, 2, 1_000_000, 5_000_000_000L, 5_000_000_001L, Long.MAX_VALUE, Long.MAX_VALUE - 1).iterator(), 2);
        assertThat(chunks).containsExactly(
                new Chunk(0, null, List.of("1000000")),
                new Chunk(1, List.of("1000000"), List.of("5000000001")),
                new Chunk(2, List.of("5000000001"), List.of(Long.toString(Long.MAX_VALUE - 1))),
                new Chunk(3, List.of(Long.toString(Long.MAX_VALUE - 1)), null));
    }

    @Test
    void chunksOfACompositeStringKeyAreBoundedByWholeKeysAndAdjacent() {
        List<List<String>> keys = List.of(List.of("a", "x"), List.of("a", "y"), List.of("b", "a"), List.of("b", "b"), List.of("c", ""));
        List<Chunk> chunks = ChunkPlanner.plan(keys.iterator(), 2);
        assertThat(chunks).hasSize(3);
        assertThat(chunks.get(0).upper()).isEqualTo(List.of("b", "a"));
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).lower()).as("chunk %d starts where %d ends", i, i - 1).isEqualTo(chunks.get(i - 1).upper());
            assertThat(chunks.get(i).no()).isEqualTo(i);
        }
        assertThat(chunks.get(2).upper()).isNull();
    }

    @Test
    void refusesChunksOfNoRows() {
        assertThatThrownBy(() -> ChunkPlanner.plan(ints(1).iterator(), 0)).hasMessageContaining("chunkRows");
    }
}
